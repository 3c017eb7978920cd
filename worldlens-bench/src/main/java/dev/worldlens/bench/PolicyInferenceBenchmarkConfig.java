package dev.worldlens.bench;

import dev.worldlens.core.InvalidInputException;

import java.nio.file.Path;

/**
 * What {@link PolicyInferenceBenchmark} times; the defaults of {@code worldlens bench policy} live here.
 *
 * @param predictor a {@code worldlens policy train-predictor} run for VPP's predictive features; null to time only
 *                  the baseline
 * @param baseline encoder of the non-predictive baseline
 * @param calls timed calls after 5 warm-up calls, at least 1
 */
public record PolicyInferenceBenchmarkConfig(Path predictor, String baseline, int calls) {
    public static final String DEFAULT_BASELINE = "random-vit";
    public static final int DEFAULT_CALLS = 40;

    public PolicyInferenceBenchmarkConfig {
        if (calls < 1) {
            throw new InvalidInputException("--calls", "must be at least 1, got " + calls);
        }
    }

    public static PolicyInferenceBenchmarkConfig defaults() {
        return new PolicyInferenceBenchmarkConfig(null, DEFAULT_BASELINE, DEFAULT_CALLS);
    }
}
