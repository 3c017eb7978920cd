package dev.worldlens.probe;

import java.util.List;

/**
 * Ridge probe settings. The penalty is alpha * n (n = training pairs) on standardised inputs, so one alpha grid
 * suits any dataset size; with several alphas, the one with the best cross-validated R^2 over folds of whole
 * episodes is used.
 */
public record RidgeConfig(List<Double> alphas, int folds, PairMode mode) {
    public RidgeConfig {
        alphas = List.copyOf(alphas);
        if (alphas.isEmpty()) {
            throw new IllegalArgumentException("ridge needs at least one alpha");
        }
    }

    public static RidgeConfig defaults() {
        return new RidgeConfig(List.of(1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0), 5, PairMode.CONCAT_DELTA);
    }

    public static RidgeConfig fixed(double alpha, PairMode mode) {
        return new RidgeConfig(List.of(alpha), 1, mode);
    }
}
