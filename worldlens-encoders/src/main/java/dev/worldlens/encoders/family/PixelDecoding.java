package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;

/**
 * A family model that can decode what its encoder reads back to pixels with its own pretrained decoder, so that
 * {@link TrainedEncoder#reconstructor()} can report native reconstruction fidelity.
 */
public interface PixelDecoding {

    /**
     * Clips [B, T, 3, S, S] normalised as every family's input ({@link PretrainData#MEAN}, {@link PretrainData#STD})
     * -> the reconstruction of each clip's last frame [B, 3, S, S], in the same normalisation. Deterministic.
     */
    NDArray reconstructLast(NDArray pixels);
}
