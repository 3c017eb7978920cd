package dev.worldlens.encoders.family;

/** Builds a family's model from its config and a seed (deterministic weights). */
@FunctionalInterface
public interface FamilyFactory {
    FamilyModel create(FamilyConfig config, long seed);
}
