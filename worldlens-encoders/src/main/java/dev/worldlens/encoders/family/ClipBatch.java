package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A batch of clips: normalised pixels [B, L, 3, S, S] and the action taken at each frame [B, L, A] (standardised by
 * the training episodes' statistics).
 */
public record ClipBatch(int batch, int length, int size, float[] pixels, int actionDim, float[] actions) {

    public NDArray pixels(NDManager manager) {
        return manager.create(pixels, new Shape(batch, length, 3, size, size));
    }

    public NDArray actions(NDManager manager) {
        return manager.create(actions, new Shape(batch, length, actionDim));
    }
}
