package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Transitions for inverse dynamics and its ablations: the clip ending at frame t, the clip ending at frame t+k
 * (each [B, L, 3, S, S], normalised), and the standardised action a_t [B, A].
 */
public record PairBatch(int batch, int length, int size, float[] before, float[] after, int actionDim,
                        float[] actions) {

    public NDArray before(NDManager manager) {
        return manager.create(before, new Shape(batch, length, 3, size, size));
    }

    public NDArray after(NDManager manager) {
        return manager.create(after, new Shape(batch, length, 3, size, size));
    }

    public NDArray actions(NDManager manager) {
        return manager.create(actions, new Shape(batch, actionDim));
    }
}
