package dev.worldlens.nn.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Scalars;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Vision Transformer (ViT, or a video ViT with tubelet embedding) written with DJL NDArray ops over a
 * {@link Parameters} store, so it can be frozen (random-init baselines) or trained with a GradientCollector and
 * {@link dev.worldlens.nn.Adam}.
 *
 * <p>Architecture: linear patch (tubelet) embedding plus a fixed sin-cos position embedding (2-D over the patch grid,
 * 3-D over time x grid when a clip has several token steps), no class token; {@code depth} pre-norm blocks
 * ({@code x + MHSA(LN(x))}, then {@code x + MLP(LN(x))} with GELU); a final LayerNorm.
 *
 * <p>Initialisation (MAE/timm style, drawn with Java's SplittableRandom so a seed gives the same weights
 * everywhere): linear and patch-embedding weights normal(0, 0.02), biases 0, LayerNorm gamma 1 and beta 0. The
 * position embedding is not a parameter (not trained, not saved), so even a random ViT is spatially aware.
 *
 * <p>Memory: every op puts its result on the manager of its activation input, never on the parameters' manager; so
 * attach the input to a per-batch (or per-step) sub-manager and close it afterwards.
 *
 * <p>Token order: step-major, then row-major over the patch grid: token {@code s * N + r * gridSide + c}.
 */
public final class VisionTransformer {
    private static final float LN_EPS = 1e-6f;

    private final VitConfig config;
    private final String prefix;
    private final NDArray posEmbed; // [T'*N, D], not a parameter
    private final NDArray patchW;
    private final NDArray patchB;
    private final List<Block> blocks;
    private final NDArray normG;
    private final NDArray normB;
    private final long parameterCount;

    private record Block(NDArray ln1g, NDArray ln1b, NDArray qkvW, NDArray qkvB, NDArray projW, NDArray projB,
                         NDArray ln2g, NDArray ln2b, NDArray fc1W, NDArray fc1B, NDArray fc2W, NDArray fc2B) {
    }

    private VisionTransformer(VitConfig config, String prefix, NDArray posEmbed, NDArray patchW, NDArray patchB,
                              List<Block> blocks, NDArray normG, NDArray normB, long parameterCount) {
        this.config = config;
        this.prefix = prefix;
        this.posEmbed = posEmbed;
        this.patchW = patchW;
        this.patchB = patchB;
        this.blocks = blocks;
        this.normG = normG;
        this.normB = normB;
        this.parameterCount = parameterCount;
    }

    /** Creates the parameters under the prefix "vit." in {@code parameters}, initialised from {@code seed}. */
    public static VisionTransformer create(VitConfig config, Parameters parameters, long seed) {
        return create(config, parameters, seed, "vit.");
    }

    /**
     * Creates the parameters under {@code prefix} (so several models, e.g. an MAE encoder and decoder, can share one
     * store), initialised from {@code seed}. The draw order is fixed: patch embedding, then block by block.
     */
    public static VisionTransformer create(VitConfig config, Parameters parameters, long seed, String prefix) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = config.width();
        int h = config.mlpHidden();
        long before = parameters.count();
        NDArray patchW = parameters.normal(prefix + "patch.w", 0.02, rng, d, config.patchDim());
        NDArray patchB = parameters.constant(prefix + "patch.b", 0f, d);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < config.depth(); i++) {
            String p = prefix + "block" + i + ".";
            blocks.add(new Block(
                    parameters.constant(p + "ln1.g", 1f, d),
                    parameters.constant(p + "ln1.b", 0f, d),
                    parameters.normal(p + "attn.qkv.w", 0.02, rng, 3L * d, d),
                    parameters.constant(p + "attn.qkv.b", 0f, 3L * d),
                    parameters.normal(p + "attn.proj.w", 0.02, rng, d, d),
                    parameters.constant(p + "attn.proj.b", 0f, d),
                    parameters.constant(p + "ln2.g", 1f, d),
                    parameters.constant(p + "ln2.b", 0f, d),
                    parameters.normal(p + "mlp.fc1.w", 0.02, rng, h, d),
                    parameters.constant(p + "mlp.fc1.b", 0f, h),
                    parameters.normal(p + "mlp.fc2.w", 0.02, rng, d, h),
                    parameters.constant(p + "mlp.fc2.b", 0f, d)));
        }
        NDArray normG = parameters.constant(prefix + "norm.g", 1f, d);
        NDArray normB = parameters.constant(prefix + "norm.b", 0f, d);
        float[] pos = sinCosPositionEmbedding(d, config.tokenSteps(), config.gridSide(), config.gridSide());
        NDArray posEmbed = parameters.manager().create(pos, new Shape(config.tokenCount(), d));
        return new VisionTransformer(config, prefix, posEmbed, patchW, patchB, Collections.unmodifiableList(blocks),
                normG, normB, parameters.count() - before);
    }

    public VitConfig config() {
        return config;
    }

    public String prefix() {
        return prefix;
    }

    /** Trainable parameters of this model (not counting others in a shared store). */
    public long parameterCount() {
        return parameterCount;
    }

    /**
     * Forward FLOPs (2 per multiply-add, matmuls only; norms, softmax and GELU left out) for one clip through the
     * patch embedding and all {@code depth} blocks.
     */
    public double flopsPerClip() {
        return flopsPerClip(config.depth());
    }

    /** Forward FLOPs for one clip up to block {@code upToLayer}. */
    public double flopsPerClip(int upToLayer) {
        double l = config.tokenCount();
        double d = config.width();
        double embed = 2.0 * l * config.patchDim() * d;
        double block = 2.0 * l * d * (3 * d + d + 2.0 * config.mlpHidden()) + 4.0 * l * l * d;
        return embed + upToLayer * block;
    }

    /** The fixed position embedding [T'*N, D] (lives on the parameters' manager; do not close). */
    public NDArray positionEmbedding() {
        return posEmbed;
    }

    /**
     * Cuts pixels [B, T, C, H, W] into flattened tubelet patches [B, T'*N, tubelet*C*p*p], each patch in
     * (frame, channel, row, column) order. Also the pixel target of an MAE.
     */
    public NDArray patchify(NDArray pixels) {
        Shape s = pixels.getShape();
        int t = config.tubelet();
        int c = config.channels();
        int p = config.patchSize();
        int g = config.gridSide();
        if (s.dimension() != 5 || s.get(1) != config.clipLength() || s.get(2) != c || s.get(3) != config.imageSize()
                || s.get(4) != config.imageSize()) {
            throw new IllegalArgumentException("expected pixels [B, " + config.clipLength() + ", " + c + ", "
                    + config.imageSize() + ", " + config.imageSize() + "], got " + s);
        }
        long b = s.get(0);
        return pixels.reshape(b, config.tokenSteps(), t, c, g, p, g, p)
                .transpose(0, 1, 4, 6, 2, 3, 5, 7)
                .reshape(b, config.tokenCount(), config.patchDim());
    }

    /** Patch embedding plus position embedding: pixels [B, T, C, H, W] -> tokens [B, T'*N, D] (layer 0). */
    public NDArray embed(NDArray pixels) {
        NDArray patches = patchify(pixels);
        return Linear.linear(patches, patchW, patchB).singletonOrThrow().add(posEmbed);
    }

    /**
     * Keeps a subset of tokens per sample (MAE-style masking): tokens [B, L, D] and {@code keep} [B, K] int64 token
     * indices give [B, K, D]. Differentiable with respect to the tokens.
     */
    public static NDArray keepTokens(NDArray tokens, NDArray keep) {
        long d = tokens.getShape().get(2);
        Shape ks = keep.getShape();
        // broadcast, not NDArray.repeat (repeat_interleave through DJL): with repeat, training runs went NaN now and
        // then while the loss was finite, and identical runs differed (see VideoPredictor.perFrame)
        NDArray index = keep.reshape(ks.get(0), ks.get(1), 1).broadcast(new Shape(ks.get(0), ks.get(1), d));
        return tokens.gather(index, 1);
    }

    /**
     * Runs pixels [B, T, C, H, W] (already resized and normalised) through the model: element 0 is the patch
     * embedding plus position embedding, element i (1..upToLayer) the output of block i, each [B, T'*N, D]. When
     * {@code upToLayer == depth} the last element has the final LayerNorm applied (as a ViT's published features
     * do); intermediate block outputs are never normed. {@code upToLayer} -1 means depth.
     */
    public List<NDArray> forward(NDArray pixels, int upToLayer) {
        return forwardTokens(embed(pixels), upToLayer);
    }

    /**
     * Runs already-embedded tokens [B, L, D] (e.g. a kept subset from {@link #keepTokens}, position embedding
     * included) through blocks 1..upToLayer; element 0 is the input itself. The final LayerNorm is applied to the
     * last element when {@code upToLayer == depth}. {@code upToLayer} -1 means depth.
     */
    public List<NDArray> forwardTokens(NDArray tokens, int upToLayer) {
        return forwardTokens(tokens, upToLayer, null);
    }

    /**
     * As {@link #forwardTokens(NDArray, int)}, with {@code attentionBias} [L, L] (or null) added to every head's
     * attention logits before the softmax: 0 where query i may read key j, a large negative number where it may not
     * (e.g. the block-causal mask of a video world model, where a frame reads only itself and earlier frames). It
     * lives with the caller (typically a constant on the model's manager) and is never differentiated.
     */
    public List<NDArray> forwardTokens(NDArray tokens, int upToLayer, NDArray attentionBias) {
        int upTo = upToLayer < 0 ? config.depth() : upToLayer;
        if (upTo > config.depth()) {
            throw new IllegalArgumentException("layer " + upToLayer + " beyond depth " + config.depth());
        }
        List<NDArray> out = new ArrayList<>(upTo + 1);
        out.add(tokens);
        NDArray x = tokens;
        for (int i = 0; i < upTo; i++) {
            x = block(blocks.get(i), x, attentionBias);
            out.add(x);
        }
        if (upTo == config.depth() && upTo > 0) {
            out.set(upTo, finalNorm(x));
        }
        return out;
    }

    /** The final LayerNorm on tokens [B, L, D]. */
    public NDArray finalNorm(NDArray x) {
        return layerNorm(x, normG, normB);
    }

    private NDArray block(Block blk, NDArray x, NDArray attentionBias) {
        NDArray a = attention(blk, layerNorm(x, blk.ln1g, blk.ln1b), attentionBias);
        x = x.add(a);
        NDArray hdn = Activation.gelu(Linear.linear(layerNorm(x, blk.ln2g, blk.ln2b), blk.fc1W, blk.fc1B)
                .singletonOrThrow());
        return x.add(Linear.linear(hdn, blk.fc2W, blk.fc2B).singletonOrThrow());
    }

    private NDArray attention(Block blk, NDArray x, NDArray attentionBias) {
        Shape s = x.getShape();
        long b = s.get(0);
        long l = s.get(1);
        int heads = config.heads();
        int hd = config.headDim();
        // [B, L, 3D] -> [3, B, H, L, hd]
        NDArray qkv = Linear.linear(x, blk.qkvW, blk.qkvB).singletonOrThrow()
                .reshape(b, l, 3, heads, hd).transpose(2, 0, 3, 1, 4);
        NDList parts = qkv.split(3, 0);
        NDArray q = Scalars.mul(parts.get(0).reshape(b, heads, l, hd), 1.0 / Math.sqrt(hd));
        NDArray k = parts.get(1).reshape(b, heads, l, hd);
        NDArray v = parts.get(2).reshape(b, heads, l, hd);
        NDArray logits = q.matMul(k.transpose(0, 1, 3, 2));
        if (attentionBias != null) {
            logits = logits.add(attentionBias);
        }
        NDArray attn = logits.softmax(-1);
        NDArray o = attn.matMul(v).transpose(0, 2, 1, 3).reshape(b, l, config.width());
        return Linear.linear(o, blk.projW, blk.projB).singletonOrThrow();
    }

    private static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(gamma.getShape().get(0)), gamma, beta, LN_EPS).singletonOrThrow();
    }

    /**
     * Fixed sin-cos position embedding [steps * rows * cols, dim], token order (step, row, col). With one step it is
     * MAE's 2-D embedding (half the channels for rows, half for columns); with several steps the channels are split
     * three ways (time, row, column). Each axis part is [sin(pos * w_i), cos(pos * w_i)], w_i = 10000^(-i / (n/2)).
     */
    public static float[] sinCosPositionEmbedding(int dim, int steps, int rows, int cols) {
        int dt;
        int dh;
        if (steps > 1) {
            dh = (dim / 3) / 2 * 2;
            dt = dim - 2 * dh;
        } else {
            dt = 0;
            dh = (dim / 2) / 2 * 2;
        }
        int dw = dim - dt - dh;
        float[] out = new float[steps * rows * cols * dim];
        int idx = 0;
        for (int s = 0; s < steps; s++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int o = idx * dim;
                    fill1d(out, o, dt, s);
                    fill1d(out, o + dt, dh, r);
                    fill1d(out, o + dt + dh, dw, c);
                    idx++;
                }
            }
        }
        return out;
    }

    private static void fill1d(float[] out, int offset, int n, int pos) {
        int half = n / 2;
        for (int i = 0; i < half; i++) {
            double omega = Math.pow(10000.0, -(double) i / half);
            out[offset + i] = (float) Math.sin(pos * omega);
            out[offset + half + i] = (float) Math.cos(pos * omega);
        }
    }

    /** Convenience for tests and tools: a manager-scoped forward returning the requested layer as floats. */
    public float[] forwardToFloats(NDManager manager, float[] pixels, int batch, int layer) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(pixels, new Shape(batch, config.clipLength(), config.channels(),
                    config.imageSize(), config.imageSize()));
            List<NDArray> outs = forward(x, layer);
            return outs.get(outs.size() - 1).toFloatArray();
        }
    }
}
