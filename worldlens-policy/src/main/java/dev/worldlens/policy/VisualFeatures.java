package dev.worldlens.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * The visual side of a policy: observations to a token grid [B, frames, views x N, C] for the Video Former. VPP's
 * predictive features (one denoising pass of the video predictor, several future frames) and the non-predictive
 * baselines (a frozen image encoder: one frame) both implement it, so the same action head trains on either.
 */
public interface VisualFeatures extends AutoCloseable {

    /** Frames of the token grid (predicted future frames for VPP, 1 for a single-frame encoder). */
    int frames();

    /** Tokens per frame over all views (views x N). */
    int tokensPerFrame();

    /** Channels per token. */
    int channels();

    /**
     * What determines the tokens, for caches that must not mix features of different origins: by default the class
     * and the grid's shape; features with weights of their own (a trained predictor, an encoder) add their
     * fingerprint.
     */
    default String identity() {
        return getClass().getName() + "[" + frames() + "x" + tokensPerFrame() + "x" + channels() + "]";
    }

    /** Tokens [B, frames(), tokensPerFrame(), channels()] attached to {@code manager}; no gradient flows back. */
    NDArray tokens(NDManager manager, List<Observation> batch);

    @Override
    default void close() {
    }
}
