package dev.worldlens.probe;

/** A trained probe: predicts actions (in the original, unstandardised units) for pairs. */
public interface FittedProbe {
    float[][] predict(PairSet pairs);
}
