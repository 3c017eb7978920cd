package dev.worldlens.cli;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.Fingerprint;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RunFolder;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.data.DatasetSummary;
import dev.worldlens.data.lerobot.LeRobotDatasetReader;
import dev.worldlens.data.lerobot.LeRobotDatasetWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            description = {"Write any supported dataset as LeRobot v3.0 (frames as PNG in Parquet), with its language "
                    + "windows, states and action schema. Resumes when run again after an interruption."})
    static final class Convert implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "IN", description = "The dataset to convert.")
        Path in;
        @Parameters(index = "1", paramLabel = "OUT", description = "The LeRobot v3.0 folder to write.")
        Path out;
        @Option(names = "--episodes-per-file", defaultValue = "50", description = "Episodes per Parquet file "
                + "(default: ${DEFAULT-VALUE}).")
        int perFile;

        @Override
        public Integer call() {
            if (perFile < 1) {
                throw new InvalidInputException("--episodes-per-file", "must be at least 1, got " + perFile);
            }
            try (EpisodeSource source = DatasetFormats.open(in)) {
                String fingerprint = Fingerprint.ofPath(in, List.of(RunFolder.CONFIG, RunFolder.PROVENANCE));
                Map<String, Object> config = new LinkedHashMap<>();
                config.put("in", in.toString());
                config.put("inFingerprint", fingerprint);
                config.put("episodesPerFile", perFile);
                if (source.size() == 0) {
                    throw new InvalidInputException(in, "episodes", "the dataset has no episode to convert");
                }
                RunFolder run = RunFolder.open(out, "data convert", config, 0);
                run.recordData(Map.of("in", fingerprint));
                LeRobotDatasetWriter writer = writerFor(source, out, perFile);
                int files = (source.size() + perFile - 1) / perFile;
                try (TerminalProgress.TerminalBar bar = TerminalProgress.open("convert", source.size(),
                        Math.min((long) writer.completedFiles() * perFile, source.size()))) {
                    for (int f = writer.completedFiles(); f < files; f++) {
                        List<Episode> episodes = new ArrayList<>();
                        for (int i = f * perFile; i < Math.min(source.size(), (f + 1) * perFile); i++) {
                            episodes.add(renumbered(source.episode(i), i));
                        }
                        writer.writeFile(f, episodes);
                        bar.step(episodes.size());
                    }
                }
                writer.finish();
                run.finish();
            }
            try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(out)) {
                System.out.println(DatasetSummary.describe(reader));
            }
            return 0;
        }

        private static LeRobotDatasetWriter writerFor(EpisodeSource source, Path out, int perFile) {
            Episode first = source.episode(0);
            LeRobotDatasetWriter.Builder b = LeRobotDatasetWriter.builder(out)
                    .setFps((int) Math.round(first.fps()))
                    .setActionSchema(first.actionSchema())
                    .setStateNames(first.stateNames())
                    .optEpisodesPerFile(perFile)
                    .optGenerator("worldlens data convert " + source.name());
            for (String camera : first.frames().cameras()) {
                var frame = first.frames().frame(camera, 0);
                b.addCamera(camera, frame.width(), frame.height());
            }
            return b.build();
        }

        /** LeRobot wants episode indices 0..N-1 in order, whatever the source numbered them. */
        private static Episode renumbered(Episode e, int index) {
            return new Episode(index, e.sceneId(), e.frames(), e.actions(), e.states(), e.actionSchema(),
                    e.stateNames(), e.windows(), e.fps(), e.extras());
        }
    }
}
