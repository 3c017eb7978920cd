package dev.worldlens.cli;

import dev.worldlens.bench.PolicyInferenceBenchmark;
import dev.worldlens.bench.PolicyInferenceBenchmarkConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code worldlens bench policy}: the options of {@link PolicyInferenceBenchmark}. */
@Command(name = "policy", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Policy inference rate (chunks/s, control steps/s) and its breakdown at the quick size.")
final class PolicyBenchCommand implements Callable<Integer> {
    @Option(names = "--predictor", paramLabel = "RUN", description = "A `worldlens policy train-predictor` run for "
            + "VPP's predictive features (without it only the baseline is timed).")
    Path predictor;
    @Option(names = "--baseline", defaultValue = PolicyInferenceBenchmarkConfig.DEFAULT_BASELINE,
            description = "Encoder of the non-predictive baseline (default: ${DEFAULT-VALUE}).")
    String baseline;
    @Option(names = "--calls", defaultValue = "" + PolicyInferenceBenchmarkConfig.DEFAULT_CALLS, description = "Timed "
            + "calls after 5 warm-up calls (default: ${DEFAULT-VALUE}).")
    int calls;

    @Override
    public Integer call() {
        PolicyInferenceBenchmark.run(new PolicyInferenceBenchmarkConfig(predictor, baseline, calls), System.out);
        return 0;
    }
}
