package dev.worldlens.probe;

import dev.worldlens.core.ActionSchema;
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
        return named(kind, steps, mode, null);
    }

    /**
     * As above, the cnn probe also reversing pairs in time over the schema's motion columns
     * ({@link CnnProbeConfig#withMotionOf}); without a schema (null) it cannot know them and does not.
     */
    static Probe named(String kind, int steps, PairMode mode, ActionSchema schema) {
        return switch (kind) {
            case "mlp" -> new MlpProbe(MlpProbeConfig.defaults().withSteps(steps).withMode(mode));
            case "ridge" -> new RidgeProbe(new RidgeConfig(RidgeConfig.defaults().alphas(), 5, mode));
            case "attentive" -> new AttentiveProbe(AttentiveProbeConfig.defaults().withSteps(steps));
            case "cnn" -> new CnnProbe(schema == null ? CnnProbeConfig.defaults().withSteps(steps)
                    : CnnProbeConfig.defaults().withSteps(steps).withMotionOf(schema));
            default -> throw new InvalidInputException("probe", "unknown probe '" + kind + "'; expected mlp, ridge, "
                    + "attentive or cnn");
        };
    }
}
