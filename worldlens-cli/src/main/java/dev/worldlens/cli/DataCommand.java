package dev.worldlens.cli;

import dev.worldlens.data.DatasetSummary;
import dev.worldlens.data.lerobot.LeRobotDatasetReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Dataset tools. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Inspect datasets on disk.",
        subcommands = {DataCommand.Info.class})
final class DataCommand {

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print a dataset's format, episodes, frames, cameras, action schema and tasks.")
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "A LeRobot v3.0 dataset folder.")
        Path dir;

        @Override
        public Integer call() {
            try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(dir)) {
                System.out.println(DatasetSummary.describe(reader));
            }
            return 0;
        }
    }
}
