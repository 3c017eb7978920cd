package dev.worldlens.policy.study;

import dev.worldlens.policy.Observation;
import dev.worldlens.policy.Policy;

import java.util.function.Supplier;

/**
 * A reference policy built when first asked for and shared by its evaluations in both scenes (the MLP reference
 * takes up to a minute to fit): each evaluation gets a view whose close leaves the policy open; closing this closes
 * it. A study resumed after both evaluations finished builds nothing.
 */
final class FittedOnce implements AutoCloseable {
    private final Supplier<? extends Policy> build;
    private Policy policy;

    FittedOnce(Supplier<? extends Policy> build) {
        this.build = build;
    }

    /** Views for the evaluations, each closed by its evaluation without closing the policy. */
    Supplier<Policy> views() {
        return () -> new Policy() {
            @Override
            public float[][] act(Observation observation) {
                return policy().act(observation);
            }

            @Override
            public void reset() {
                policy().reset();
            }
        };
    }

    private Policy policy() {
        if (policy == null) {
            policy = build.get();
        }
        return policy;
    }

    @Override
    public void close() {
        if (policy != null) {
            policy.close();
        }
    }
}
