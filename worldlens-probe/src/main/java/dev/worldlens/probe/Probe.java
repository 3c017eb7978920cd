package dev.worldlens.probe;

/**
 * An inverse-dynamics probe: trained on transitions to predict the action between them. Implementations standardise
 * inputs and targets with training statistics only, and are deterministic for a seed.
 */
public interface Probe {

    /** A short name for tables: mlp, ridge, attentive. */
    String name();

    FittedProbe fit(PairSet train, long seed);
}
