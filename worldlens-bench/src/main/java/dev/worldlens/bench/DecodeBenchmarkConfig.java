package dev.worldlens.bench;

import java.nio.file.Path;

/**
 * What {@link DecodeBenchmark} times; the defaults of {@code worldlens bench decode} live here.
 *
 * @param video an mp4 to time instead of making AV1 and H.264 clips; null to make them
 * @param frames frames per made clip
 * @param size made clips' width and height
 * @param threads decoder threads, ours and the ffmpeg CLI's
 * @param rounds timed rounds; the best is reported
 * @param rows rows in the Parquet benchmark
 */
public record DecodeBenchmarkConfig(Path video, int frames, int size, int threads, int rounds, int rows) {
    public static final int DEFAULT_FRAMES = 600;
    public static final int DEFAULT_SIZE = 256;
    public static final int DEFAULT_THREADS = 2;
    public static final int DEFAULT_ROUNDS = 3;
    public static final int DEFAULT_ROWS = 60000;

    public static DecodeBenchmarkConfig defaults() {
        return new DecodeBenchmarkConfig(null, DEFAULT_FRAMES, DEFAULT_SIZE, DEFAULT_THREADS, DEFAULT_ROUNDS,
                DEFAULT_ROWS);
    }
}
