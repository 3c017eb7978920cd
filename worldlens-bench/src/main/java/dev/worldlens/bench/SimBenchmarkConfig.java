package dev.worldlens.bench;

import dev.worldlens.sim.dataset.SimGenerateConfig;

/**
 * What {@link SimBenchmark} times; the defaults of {@code worldlens bench sim} live here (the cameras default to
 * the generated datasets' resolutions).
 *
 * @param steps control steps per timed round (also the frames of each render-only round)
 * @param rounds timed rounds; the best is reported
 * @param topSize top camera resolution in pixels, square
 * @param gripperSize gripper camera resolution in pixels, square
 * @param episodes episodes for the per-minute figures
 */
public record SimBenchmarkConfig(int steps, int rounds, int topSize, int gripperSize, int episodes) {
    public static final int DEFAULT_STEPS = 6000;
    public static final int DEFAULT_ROUNDS = 3;
    public static final int DEFAULT_EPISODES = 60;

    public static SimBenchmarkConfig defaults() {
        return new SimBenchmarkConfig(DEFAULT_STEPS, DEFAULT_ROUNDS, SimGenerateConfig.DEFAULT_TOP,
                SimGenerateConfig.DEFAULT_GRIPPER, DEFAULT_EPISODES);
    }
}
