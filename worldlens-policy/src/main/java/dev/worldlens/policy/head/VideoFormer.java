package dev.worldlens.policy.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * VPP's Video Former (Video_Former_3D, a Perceiver resampler over video): compresses a feature grid
 * [B, frames, views x N, C] into [B, frames x queries, D].
 *
 * <p>Each token is lifted to D by an MLP (Linear C->2D, GELU, Linear 2D->D), a learned per-frame time embedding is
 * added, and {@code queries} learned latents per frame (N(0, 1) init, as VPP's randn) go through {@code depth} layers
 * of: (1) Perceiver cross-attention of the frame's latents over that frame's tokens of all views and the latents
 * themselves (LN on both, keys and values from their concatenation), residual; (2) temporal self-attention of each
 * query slot across the frames (no LN before it, as in VPP), residual; (3) LN, FFN, residual. A final LN ends it.
 *
 * <p>One addition to VPP: a learned position embedding per token slot (zero init), because the tokens of some
 * encoders (one raw-pixel token per view) say nothing of which view or place they come from, while VPP's UNet
 * features carry position through their convolutions. With {@code bypass} the tokens are only lifted, embedded and
 * normed ("w/o Video Former"), with {@code pool} after averaging each frame's tokens in groups down to the Former's
 * count. With a single frame (a non-predictive encoder) there is nothing to attend to across time, so no temporal
 * attention is built: over one key it would be a fixed linear map with untrainable queries.
 */
public final class VideoFormer {
    private final VideoFormerConfig config;
    private final int frames;
    private final int tokensPerFrame;
    private final int channels;
    private final FeedForward lift;
    private final NDArray timeEmbedding;  // [T, 1, D]
    private final NDArray tokenEmbedding; // [L, D]
    private final NDArray latents;        // [T, Q, D]
    private final List<Layer> layers;
    private final Norm outNorm;

    private record Layer(Norm media, Norm latents, MultiHeadAttention cross, MultiHeadAttention temporal,
                         Norm ffNorm, FeedForward ff) {
    }

    private VideoFormer(VideoFormerConfig config, int frames, int tokensPerFrame, int channels, FeedForward lift,
                        NDArray timeEmbedding, NDArray tokenEmbedding, NDArray latents, List<Layer> layers,
                        Norm outNorm) {
        this.config = config;
        this.frames = frames;
        this.tokensPerFrame = tokensPerFrame;
        this.channels = channels;
        this.lift = lift;
        this.timeEmbedding = timeEmbedding;
        this.tokenEmbedding = tokenEmbedding;
        this.latents = latents;
        this.layers = layers;
        this.outNorm = outNorm;
    }

    /** Defines the parameters under {@code prefix} for a grid of {@code frames} x {@code tokensPerFrame} x {@code channels}. */
    public static VideoFormer create(VideoFormerConfig config, int frames, int tokensPerFrame, int channels,
                                     Parameters params, String prefix, SplittableRandom rng) {
        if (frames < 1 || tokensPerFrame < 1 || channels < 1) {
            throw new IllegalArgumentException("video former input grid must be positive, got frames " + frames
                    + ", tokens " + tokensPerFrame + ", channels " + channels);
        }
        int d = config.width();
        FeedForward lift = FeedForward.create(params, prefix + "lift", channels, 2 * d, d, rng);
        NDArray time = params.normal(prefix + "time", Dense.STD, rng, frames, 1, d);
        if (config.pool() && tokensPerFrame % config.outputTokensPerFrame(tokensPerFrame) != 0) {
            throw new IllegalArgumentException("video former: " + tokensPerFrame + " tokens per frame cannot be pooled "
                    + "in equal groups to " + config.queriesPerFrame());
        }
        // one embedding per token the lift sees: the pooled ones when the bypass pools
        int lifted = config.pool() ? config.outputTokensPerFrame(tokensPerFrame) : tokensPerFrame;
        NDArray slots = params.constant(prefix + "slots", 0f, lifted, d);
        NDArray lat = config.bypass() ? null : params.normal(prefix + "latents", 1.0, rng, frames,
                config.queriesPerFrame(), d);
        List<Layer> layers = new ArrayList<>();
        if (!config.bypass()) {
            for (int i = 0; i < config.depth(); i++) {
                String p = prefix + "layer" + i + ".";
                layers.add(new Layer(Norm.create(params, p + "media", d), Norm.create(params, p + "latents", d),
                        MultiHeadAttention.create(params, p + "cross", d, d, config.heads(), config.headDim(), rng),
                        config.temporal() && frames > 1 ? MultiHeadAttention.create(params, p + "temporal", d, d,
                                config.heads(), config.headDim(), rng) : null,
                        Norm.create(params, p + "ffnorm", d),
                        FeedForward.create(params, p + "ff", d, config.ffMult() * d, d, rng)));
            }
        }
        return new VideoFormer(config, frames, tokensPerFrame, channels, lift, time, slots, lat, List.copyOf(layers),
                Norm.create(params, prefix + "out", d));
    }

    public VideoFormerConfig config() {
        return config;
    }

    /** Tokens per sample in the output: frames x queries (frames x tokensPerFrame when bypassed). */
    public int outputTokens() {
        return config.outputTokens(frames, tokensPerFrame);
    }

    /** Features [B, frames, tokensPerFrame, channels] to tokens [B, outputTokens, D], on the features' manager. */
    public NDArray forward(NDArray features) {
        Shape s = features.getShape();
        if (s.dimension() != 4 || s.get(1) != frames || s.get(2) != tokensPerFrame || s.get(3) != channels) {
            throw new IllegalArgumentException("video former expects features [B, " + frames + ", " + tokensPerFrame
                    + ", " + channels + "], got " + s);
        }
        long b = s.get(0);
        int d = config.width();
        int q = config.queriesPerFrame();
        if (config.bypass()) {
            int kept = config.outputTokensPerFrame(tokensPerFrame);
            NDArray in = features;
            if (kept < tokensPerFrame) {
                in = features.reshape(b, frames, kept, tokensPerFrame / kept, channels).mean(new int[]{3});
            }
            NDArray x = lift.forward(in).add(timeEmbedding).add(tokenEmbedding);
            return outNorm.forward(x.reshape(b, (long) frames * kept, d));
        }
        NDArray x = lift.forward(features).add(timeEmbedding).add(tokenEmbedding);
        x = x.reshape(b * frames, tokensPerFrame, d);
        NDArray lat = features.getManager().zeros(new Shape(b, frames, q, d)).add(latents).reshape(b * frames, q, d);
        for (Layer layer : layers) {
            NDArray normedLatents = layer.latents.forward(lat);
            NDArray kv = NDArrays.concat(new NDList(layer.media.forward(x), normedLatents), 1);
            lat = lat.add(layer.cross.forward(normedLatents, kv, null));
            if (layer.temporal != null) {
                NDArray slots = lat.reshape(b, frames, q, d).transpose(0, 2, 1, 3).reshape(b * q, frames, d);
                slots = slots.add(layer.temporal.forward(slots, slots, null));
                lat = slots.reshape(b, q, frames, d).transpose(0, 2, 1, 3).reshape(b * frames, q, d);
            }
            lat = lat.add(layer.ff.forward(layer.ffNorm.forward(lat)));
        }
        return outNorm.forward(lat.reshape(b, (long) frames * q, d));
    }
}
