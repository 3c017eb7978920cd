package dev.worldlens.cli;

import dev.worldlens.bench.ProbeBenchmark;
import dev.worldlens.bench.ProbeBenchmarkConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code worldlens bench probe}: the options of {@link ProbeBenchmark}. */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Seconds to train the MLP probe (vs its FLOP floor) and to fit ridge, and ratios to the peers.")
final class ProbeBenchCommand implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "" + ProbeBenchmarkConfig.DEFAULT_N, description = "Training pairs "
            + "(default: ${DEFAULT-VALUE}).")
    int n;
    @Option(names = "--width", defaultValue = "" + ProbeBenchmarkConfig.DEFAULT_WIDTH, description = "MLP input "
            + "width D (default: ${DEFAULT-VALUE}).")
    int width;
    @Option(names = "--actions", defaultValue = ProbeBenchmarkConfig.DEFAULT_ACTIONS, split = ",",
            description = "Action widths A to time (default: ${DEFAULT-VALUE}).")
    List<Integer> actions;
    @Option(names = "--steps", defaultValue = "" + ProbeBenchmarkConfig.DEFAULT_STEPS, description = "Adam steps "
            + "(default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--batch", defaultValue = "" + ProbeBenchmarkConfig.DEFAULT_BATCH, description = "Batch size "
            + "(default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--rounds", defaultValue = "" + ProbeBenchmarkConfig.DEFAULT_ROUNDS, description = "Timed "
            + "rounds, the best reported; ridge, ours and the peer's, runs at least 3 (default: ${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--threads", defaultValue = "" + ProbeBenchmarkConfig.DEFAULT_THREADS, description = "PyTorch "
            + "intra-op threads, ours and the peer's; 0: the engine's default (default: ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--ridge-n", defaultValue = "" + ProbeBenchmarkConfig.DEFAULT_RIDGE_N, description = "Ridge "
            + "rows (default: ${DEFAULT-VALUE}).")
    int ridgeN;
    @Option(names = "--ridge-width", defaultValue = "" + ProbeBenchmarkConfig.DEFAULT_RIDGE_WIDTH,
            description = "Ridge input width (default: ${DEFAULT-VALUE}).")
    int ridgeWidth;
    @Option(names = "--ridge-actions", defaultValue = "" + ProbeBenchmarkConfig.DEFAULT_RIDGE_ACTIONS,
            description = "Ridge outputs (default: ${DEFAULT-VALUE}).")
    int ridgeActions;
    @Option(names = "--no-peer", description = "Skip the Python peers.")
    boolean noPeer;

    @Override
    public Integer call() throws Exception {
        ProbeBenchmark.run(ProbeBenchmarkConfig.builder().optN(n).optWidth(width).optActions(actions).optSteps(steps)
                .optBatch(batch).optRounds(rounds).optThreads(threads).optRidgeN(ridgeN).optRidgeWidth(ridgeWidth)
                .optRidgeActions(ridgeActions).optPeer(!noPeer).build(), System.out);
        return 0;
    }
}
