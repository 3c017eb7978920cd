package dev.worldlens.cli;

import dev.worldlens.bench.TrainBenchmark;
import dev.worldlens.bench.TrainBenchmarkConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code worldlens bench train}: the options of {@link TrainBenchmark}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Pretraining throughput (frames/s) and achieved GFLOP/s per family vs the engine's matmul rate.")
final class TrainBenchCommand implements Callable<Integer> {
    @Option(names = "--families", split = ",", description = "Families to time (default: all).")
    List<String> families = new ArrayList<>(TrainBenchmarkConfig.DEFAULT_FAMILIES);
    @Option(names = "--steps", defaultValue = "" + TrainBenchmarkConfig.DEFAULT_STEPS, description = "Timed steps per "
            + "family after 3 warm-up steps (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--episodes", defaultValue = "" + TrainBenchmarkConfig.DEFAULT_EPISODES, description = "Tabletop "
            + "episodes to draw batches from (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Override
    public Integer call() throws Exception {
        TrainBenchmark.run(new TrainBenchmarkConfig(families, steps, episodes), System.out);
        return 0;
    }
}
