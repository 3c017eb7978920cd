package dev.worldlens.cli;

import dev.worldlens.bench.SimBenchmark;
import dev.worldlens.bench.SimBenchmarkConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code worldlens bench sim}: the options of {@link SimBenchmark}. */
@Command(name = "sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Simulated steps per second with both cameras, and episodes generated per minute.")
final class SimBenchCommand implements Callable<Integer> {
    @Option(names = "--steps", defaultValue = "" + SimBenchmarkConfig.DEFAULT_STEPS, description = "Control steps "
            + "per timed round (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--rounds", defaultValue = "" + SimBenchmarkConfig.DEFAULT_ROUNDS, description = "Timed rounds; "
            + "the best is reported (default: ${DEFAULT-VALUE}).")
    int rounds;
    @Mixin
    CameraOptions cameras;
    @Option(names = "--episodes", defaultValue = "" + SimBenchmarkConfig.DEFAULT_EPISODES, description = "Episodes "
            + "for the per-minute figures (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Override
    public Integer call() {
        SimBenchmark.run(new SimBenchmarkConfig(steps, rounds, cameras.topSize, cameras.gripperSize, episodes),
                System.out);
        return 0;
    }
}
