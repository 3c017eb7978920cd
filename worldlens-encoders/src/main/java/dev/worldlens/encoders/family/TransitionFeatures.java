package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Pooled features of both ends of a batch of transitions, from one encoder pass over [before; after] (one batch of
 * 2B is faster than two of B), and the standardised actions a_t.
 */
record TransitionFeatures(NDArray before, NDArray after, NDArray actions) {

    static TransitionFeatures of(FamilyModel model, PretrainData data, int batchSize, int k,
                                 java.util.SplittableRandom rng, NDManager scope) {
        PairBatch pairs = data.pairs(rng, batchSize, model.clipLength(), k);
        NDArray both = pairs.before(scope).concat(pairs.after(scope), 0);
        NDArray pooled = model.pooledFeatures(both);
        NDList halves = pooled.split(2, 0);
        return new TransitionFeatures(halves.get(0), halves.get(1), pairs.actions(scope));
    }
}
