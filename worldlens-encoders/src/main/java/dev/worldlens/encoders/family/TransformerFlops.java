package dev.worldlens.encoders.family;

import dev.worldlens.nn.vit.VitConfig;

/**
 * Forward FLOPs of {@link dev.worldlens.nn.vit.VisionTransformer} blocks run over a token sequence whose length is
 * not the config's own (a ViT with extra conditioning tokens, a dynamics transformer over frames and actions), counted
 * as {@link dev.worldlens.nn.vit.VisionTransformer#flopsPerClip} counts them: 2 per multiply-add of the QKV,
 * projection and MLP matmuls and of the two attention products; norms, softmax and GELU left out.
 */
final class TransformerFlops {
    private TransformerFlops() {
    }

    /** {@code depth} blocks of {@code config}'s width over {@code tokens} tokens, for one sequence. */
    static double blocks(VitConfig config, double tokens, int depth) {
        double d = config.width();
        return depth * (2.0 * tokens * d * (4 * d + 2.0 * config.mlpHidden()) + 4.0 * tokens * tokens * d);
    }

    /** A dense layer from {@code in} to {@code out} features on {@code rows} rows. */
    static double linear(double rows, double in, double out) {
        return 2.0 * rows * in * out;
    }
}
