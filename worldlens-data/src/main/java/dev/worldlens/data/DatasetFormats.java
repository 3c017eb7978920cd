package dev.worldlens.data;

import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.data.lerobot.LeRobotDatasetReader;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens any supported dataset from its path, recognising the format by its files: a LeRobot folder
 * (meta/info.json, v2.1 or v3.0).
 */
public final class DatasetFormats {
    private DatasetFormats() {
    }

    public static EpisodeSource open(Path path) {
        if (!Files.exists(path)) {
            throw new InvalidInputException(path, "path", "does not exist");
        }
        if (Files.isDirectory(path) && Files.exists(path.resolve("meta/info.json"))) {
            return LeRobotDatasetReader.open(path);
        }
        throw new InvalidInputException(path, "format", "not a recognised dataset: expected a LeRobot folder "
                + "(meta/info.json)");
    }
}
