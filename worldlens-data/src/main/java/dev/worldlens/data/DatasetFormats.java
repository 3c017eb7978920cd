package dev.worldlens.data;

import dev.worldlens.core.Dataset;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.data.calvin.CalvinDatasetReader;
import dev.worldlens.data.hdf5.Hdf5DemoReader;
import dev.worldlens.data.lerobot.LeRobotDatasetReader;
import dev.worldlens.data.lerobot.LeRobotHome;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens any supported dataset from its path, recognising the format by its files: a LeRobot folder
 * (meta/info.json), a CALVIN split folder (ep_start_end_ids.npy), or a LIBERO / robomimic HDF5 file; or a LeRobot
 * repo id already in the local cache ({@code lerobot:<org>/<name>}).
 */
public final class DatasetFormats {
    private DatasetFormats() {
    }

    /** The dataset at {@code path} for a run that several stages share, opened once on first use. */
    public static Dataset openDataset(Path path) {
        return new Dataset(resolve(path), DatasetFormats::open);
    }

    /**
     * The folder a dataset argument names: {@code lerobot:<org>/<name>} is looked up in LeRobot's local cache
     * ({@link LeRobotHome}, never downloaded); anything else is a path.
     */
    public static Path resolve(Path path) {
        return LeRobotHome.isRepoId(path.toString()) ? LeRobotHome.resolve(path.toString()) : path;
    }

    public static EpisodeSource open(Path given) {
        Path path = resolve(given);
        if (!Files.exists(path)) {
            throw new InvalidInputException(path, "path", "does not exist");
        }
        if (Files.isDirectory(path) && Files.exists(path.resolve("meta/info.json"))) {
            return LeRobotDatasetReader.open(path);
        }
        if (Files.isDirectory(path) && Files.exists(path.resolve("ep_start_end_ids.npy"))) {
            return CalvinDatasetReader.open(path);
        }
        if (Files.isDirectory(path) && Files.exists(path.resolve("training/ep_start_end_ids.npy"))) {
            throw new InvalidInputException(path, "format", "this is a CALVIN dataset root; give one split folder, "
                    + "e.g. " + path.resolve("training"));
        }
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (Files.isRegularFile(path) && (name.endsWith(".hdf5") || name.endsWith(".h5"))) {
            return Hdf5DemoReader.open(path);
        }
        throw new InvalidInputException(path, "format", "not a recognised dataset: expected a LeRobot folder "
                + "(meta/info.json), a CALVIN split folder (ep_start_end_ids.npy) or a LIBERO/robomimic .hdf5 file");
    }
}
