package dev.worldlens.cli;

import dev.worldlens.bench.VideoDatasetMaker;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.data.DatasetSummary;
import dev.worldlens.data.lerobot.LeRobotDatasetReader;
import dev.worldlens.data.video.VideoWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code worldlens bench video-dataset}: the options of {@link VideoDatasetMaker}. */
@Command(name = "video-dataset", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a LeRobot v3.0 dataset of two video cameras at a real camera size (AV1, 640x480 by "
                + "default), to time `worldlens encode` and `probe` on it and measure their memory as the episode "
                + "count grows (see BENCHMARKS.md). Resumes after an interruption."})
final class VideoDatasetBenchCommand implements Callable<Integer> {
    @Option(names = "--episodes", defaultValue = "10", description = "Episodes (default: ${DEFAULT-VALUE}).")
    int episodes;
    @Option(names = "--frames", defaultValue = "60", description = "Frames per episode (default: ${DEFAULT-VALUE}).")
    int frames;
    @Option(names = "--width", defaultValue = "640", description = "Frame width (default: ${DEFAULT-VALUE}).")
    int width;
    @Option(names = "--height", defaultValue = "480", description = "Frame height (default: ${DEFAULT-VALUE}).")
    int height;
    @Option(names = "--video", defaultValue = "av1", description = "av1 or h264 (default: ${DEFAULT-VALUE}).")
    String video;
    @Option(names = "--episodes-per-file", defaultValue = "10", description = "Episodes per data file and mp4 "
            + "(default: ${DEFAULT-VALUE}).")
    int perFile;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The dataset folder.")
    Path out;

    @Override
    public Integer call() {
        VideoWriter.Codec codec;
        try {
            codec = VideoWriter.Codec.parse(video);
        } catch (InvalidInputException bad) {
            throw bad.renamed(java.util.Map.of("video", "--video"));
        }
        VideoDatasetMaker maker;
        try {
            maker = new VideoDatasetMaker(episodes, frames, width, height, codec, perFile);
        } catch (IllegalArgumentException bad) {
            throw new InvalidInputException("--episodes/--frames/--width/--height/--episodes-per-file",
                    bad.getMessage());
        }
        maker.write(out, TerminalProgress.INSTANCE);
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(out)) {
            System.out.println(DatasetSummary.describe(reader));
        }
        return 0;
    }
}
