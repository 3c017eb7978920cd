package dev.worldlens.cli;

import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Dataset;
import dev.worldlens.data.DatasetConversion;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.data.DatasetSummary;
import dev.worldlens.data.lerobot.LeRobotDatasetReader;
import dev.worldlens.data.video.VideoWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Dataset tools. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Inspect and convert datasets.",
        subcommands = {DataCommand.Info.class, DataCommand.Convert.class})
final class DataCommand {

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print a dataset's format, episodes, frames, cameras, action schema and tasks.")
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PATH", description = "A dataset: a LeRobot folder, a CALVIN split folder or a LIBERO/robomimic .hdf5 file.")
        Path dir;

        @Override
        public Integer call() {
            try (EpisodeSource source = DatasetFormats.open(dir)) {
                System.out.println(DatasetSummary.describe(source));
            }
            return 0;
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Write any supported dataset as LeRobot v3.0 (frames as PNG in Parquet, or as mp4 videos "
                    + "with --video), with its language windows, states and action schema. Resumes when run again "
                    + "after an interruption."})
    static final class Convert implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "IN", description = "The dataset to convert.")
        Path in;
        @Parameters(index = "1", paramLabel = "OUT", description = "The LeRobot v3.0 folder to write.")
        Path out;
        @Option(names = "--episodes-per-file", defaultValue = "50", description = "Episodes per Parquet file "
                + "(default: ${DEFAULT-VALUE}).")
        int perFile;
        @Option(names = "--video", paramLabel = "CODEC", description = "Store the cameras as mp4 videos in this codec, "
                + "av1 (LeRobot's default) or h264, the episodes of a Parquet file one after another in one mp4 per "
                + "camera, as LeRobot records them; without it, PNG frames inside the Parquet.")
        String video;

        @Override
        public Integer call() {
            if (perFile < 1) {
                throw new InvalidInputException("--episodes-per-file", "must be at least 1, got " + perFile);
            }
            VideoWriter.Codec codec = null;
            if (video != null) {
                try {
                    codec = VideoWriter.Codec.parse(video);
                } catch (InvalidInputException bad) {
                    throw bad.renamed(java.util.Map.of("video", "--video"));
                }
            }
            try (Dataset dataset = DatasetFormats.openDataset(in)) {
                DatasetConversion.toLeRobot(dataset, out, perFile, codec, TerminalProgress.INSTANCE);
            }
            try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(out)) {
                System.out.println(DatasetSummary.describe(reader));
            }
            return 0;
        }
    }
}
