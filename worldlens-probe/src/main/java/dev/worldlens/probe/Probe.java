package dev.worldlens.probe;

import dev.worldlens.core.InvalidInputException;

/**
 * An inverse-dynamics probe: trained on transitions to predict the action between them. Implementations standardise
 * inputs and targets with training statistics only, and are deterministic for a seed.
 */
public interface Probe {

    /** A short name for tables: mlp, ridge, attentive, cnn. */
    String name();

    FittedProbe fit(PairSet train, long seed);

    /**
     * A probe by its table name: mlp, attentive and cnn train for {@code steps}; mlp and ridge read pairs as
     * {@code mode}; cnn (the supervised pixel inverse-dynamics reference) reads {@code raw:SIDE} frames.
     */
    static Probe named(String kind, int steps, PairMode mode) {
        return switch (kind) {
            case "mlp" -> new MlpProbe(MlpProbeConfig.defaults().withSteps(steps).withMode(mode));
            case "ridge" -> new RidgeProbe(new RidgeConfig(RidgeConfig.defaults().alphas(), 5, mode));
            case "attentive" -> new AttentiveProbe(AttentiveProbeConfig.defaults().withSteps(steps));
            case "cnn" -> new CnnProbe(CnnProbeConfig.defaults().withSteps(steps));
            default -> throw new InvalidInputException("probe", "unknown probe '" + kind + "'; expected mlp, ridge, "
                    + "attentive or cnn");
        };
    }
}
