package dev.worldlens.cli;

import dev.worldlens.bench.DecodeBenchmark;
import dev.worldlens.bench.DecodeBenchmarkConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code worldlens bench decode}: the options of {@link DecodeBenchmark}. */
@Command(name = "decode", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Video frames decoded per second vs the ffmpeg CLI, and LeRobot Parquet rows per second.")
final class DecodeBenchCommand implements Callable<Integer> {
    @Option(names = "--video", description = "Time this mp4 instead of making AV1 and H.264 clips.")
    Path video;
    @Option(names = "--frames", defaultValue = "" + DecodeBenchmarkConfig.DEFAULT_FRAMES, description = "Frames per "
            + "made clip (default: ${DEFAULT-VALUE}).")
    int frames;
    @Option(names = "--size", defaultValue = "" + DecodeBenchmarkConfig.DEFAULT_SIZE, description = "Clip width and "
            + "height (default: ${DEFAULT-VALUE}).")
    int size;
    @Option(names = "--threads", defaultValue = "" + DecodeBenchmarkConfig.DEFAULT_THREADS, description = "Decoder "
            + "threads, ours and ffmpeg's (default: ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--rounds", defaultValue = "" + DecodeBenchmarkConfig.DEFAULT_ROUNDS, description = "Timed "
            + "rounds; the best is reported (default: ${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--rows", defaultValue = "" + DecodeBenchmarkConfig.DEFAULT_ROWS, description = "Rows in the "
            + "Parquet benchmark (default: ${DEFAULT-VALUE}).")
    int rows;

    @Override
    public Integer call() throws Exception {
        DecodeBenchmark.run(new DecodeBenchmarkConfig(video, frames, size, threads, rounds, rows), System.out);
        return 0;
    }
}
