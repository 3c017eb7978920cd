package dev.worldlens.policy.eval;

import dev.worldlens.policy.Observation;
import dev.worldlens.policy.Policy;

import java.util.SplittableRandom;

/** The floor of a chain evaluation: chunks of actions drawn uniformly from [-1, 1]^A, from a seed restarted by reset. */
public final class RandomPolicy implements Policy {
    private final int horizon;
    private final int actionDim;
    private final long seed;
    private SplittableRandom rng;

    public RandomPolicy(int horizon, int actionDim, long seed) {
        if (horizon < 1 || actionDim < 1) {
            throw new IllegalArgumentException("random policy needs horizon and action width >= 1, got " + horizon
                    + " and " + actionDim);
        }
        this.horizon = horizon;
        this.actionDim = actionDim;
        this.seed = seed;
        reset();
    }

    @Override
    public float[][] act(Observation observation) {
        float[][] chunk = new float[horizon][actionDim];
        for (float[] a : chunk) {
            for (int d = 0; d < actionDim; d++) {
                a[d] = (float) (rng.nextDouble() * 2 - 1);
            }
        }
        return chunk;
    }

    @Override
    public void reset() {
        rng = new SplittableRandom(seed);
    }
}
