package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.vit.VisionTransformer;
import dev.worldlens.nn.vit.VitConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The tokenizer of the shortcut family, after Dreamer 4's (Hafner, Yan and Lillicrap 2025, Sec. 3.1), scaled down
 * to single frames: a masked autoencoder whose encoder ("tok.enc.", the probed encoder) is a ViT over patch tokens,
 * with random patch dropout (a dropped patch's embedding is replaced by a learned mask token, its position embedding
 * kept); a linear bottleneck per token to a few latent channels followed by tanh ("tok.enc.bottleneck"); and a ViT
 * decoder ("tok.dec.") that reads the latent grid (its patch embedding of side 1 is the projection from the latent
 * channels up to its width) and a linear head to each patch's pixels ("tok.dec.out"). Dreamer 4's loss is
 * MSE + 0.2 LPIPS; LPIPS needs a pretrained VGG/AlexNet that this project does not have, so the loss is MSE alone.
 * Dreamer 4's tokenizer also reads a frame through learned latent tokens and causal time attention; here every patch
 * token is a latent token and frames are encoded one at a time.
 */
final class ShortcutTokenizer {
    private final VitConfig encoderConfig;
    private final VisionTransformer encoder;
    private final NDArray maskToken;
    private final Linear bottleneck;
    private final VisionTransformer decoder;
    private final Linear decoderOut;
    private final int latentChannels;

    ShortcutTokenizer(FamilyConfig config, Parameters params, SplittableRandom rng) {
        this.latentChannels = config.option("latentChannels", 16);
        this.encoderConfig = VitConfig.image(config.imageSize(), config.patchSize(), config.width(), config.depth(),
                config.heads());
        this.encoder = VisionTransformer.create(encoderConfig, params, rng.nextLong(), "tok.enc.");
        this.maskToken = params.normal("tok.enc.mask", 0.02, rng, config.width());
        this.bottleneck = Linear.create(params, "tok.enc.bottleneck", config.width(), latentChannels, rng);
        int decoderWidth = config.option("decoderWidth", config.width());
        VitConfig decoderConfig = VitConfig.builder().setImageSize(encoderConfig.gridSide())
                .optChannels(latentChannels).setPatchSize(1).setWidth(decoderWidth)
                .setDepth(config.option("decoderDepth", 2)).setHeads(config.option("decoderHeads", config.heads()))
                .build();
        this.decoder = VisionTransformer.create(decoderConfig, params, rng.nextLong(), "tok.dec.");
        this.decoderOut = Linear.create(params, "tok.dec.out", decoderWidth, encoderConfig.patchDim(), rng);
    }

    VitConfig encoderConfig() {
        return encoderConfig;
    }

    int latentChannels() {
        return latentChannels;
    }

    /** Blocks of the encoder ViT; layer depth + 1 is the tanh latent. */
    int depth() {
        return encoderConfig.depth();
    }

    /**
     * Element 0 the patch embedding, 1..depth the encoder's block outputs (the last after its final LayerNorm),
     * depth + 1 the tanh latents [B, N, C]; up to {@code upToLayer}. Pixels [B, 1, 3, S, S]; no patch is dropped.
     */
    List<NDArray> encodeLayers(NDArray pixels, int upToLayer) {
        if (upToLayer < 0 || upToLayer > depth() + 1) {
            throw new IllegalArgumentException("layer " + upToLayer + " outside 0.." + (depth() + 1));
        }
        List<NDArray> out = new ArrayList<>(encoder.forward(pixels, Math.min(upToLayer, depth())));
        if (upToLayer == depth() + 1) {
            out.add(bottleneck.forward(out.get(depth())).tanh());
        }
        return out;
    }

    /** The tanh latents [B, N, C] of frames [B, 1, 3, S, S]. */
    NDArray latents(NDArray pixels) {
        return encodeLayers(pixels, depth() + 1).get(depth() + 1);
    }

    /**
     * The masked-autoencoding loss on frames [B, 1, 3, S, S]: each frame draws a dropout probability p uniform in
     * [0, maxDrop] and drops each patch with probability p (Dreamer 4's random patch dropout, p ~ U(0, 0.9)); the
     * decoder reconstructs every patch from the latents and the loss is the pixel MSE over all patches.
     */
    NDArray reconstructionLoss(NDArray pixels, double maxDrop, SplittableRandom rng) {
        NDManager scope = pixels.getManager();
        int b = (int) pixels.getShape().get(0);
        int n = encoderConfig.tokensPerStep();
        float[] dropped = new float[b * n];
        for (int i = 0; i < b; i++) {
            double p = rng.nextDouble() * maxDrop;
            for (int j = 0; j < n; j++) {
                dropped[i * n + j] = rng.nextDouble() < p ? 1f : 0f;
            }
        }
        NDArray drop = scope.create(dropped, new Shape(b, n, 1));
        NDArray embedded = encoder.embed(pixels);
        // dropped tokens: mask token + position embedding; kept tokens: patch embedding + position embedding
        // (drop first in every product: results go on the first operand's manager, the step's scope)
        NDArray masked = drop.mul(maskToken).add(drop.mul(encoder.positionEmbedding()));
        NDArray tokens = embedded.sub(embedded.mul(drop)).add(masked);
        NDArray latents = bottleneck.forward(encoder.forwardTokens(tokens, depth()).get(depth())).tanh();
        NDArray reconstruction = decode(latents);
        return reconstruction.sub(encoder.patchify(pixels)).square().mean();
    }

    /** Pixels of every patch [B, N, 3 p^2] ({@link VisionTransformer#patchify} layout) from latents [B, N, C]. */
    NDArray decode(NDArray latents) {
        Shape s = latents.getShape();
        int g = encoderConfig.gridSide();
        NDArray grid = latents.transpose(0, 2, 1).reshape(s.get(0), 1, latentChannels, g, g);
        return decoderOut.forward(decoder.forward(grid, -1).get(decoder.config().depth()));
    }

    /** Frames [B, 1, 3, S, S] through the latents (no patch dropped) and the decoder: [B, 3, S, S]. */
    NDArray reconstruct(NDArray pixels) {
        return unpatchify(decode(latents(pixels)));
    }

    /** Patches [B, N, 3 p^2] in {@link VisionTransformer#patchify} layout back to frames [B, 3, S, S]. */
    NDArray unpatchify(NDArray patches) {
        long b = patches.getShape().get(0);
        int g = encoderConfig.gridSide();
        int p = encoderConfig.patchSize();
        int c = encoderConfig.channels();
        return patches.reshape(b, g, g, c, p, p).transpose(0, 3, 1, 4, 2, 5).reshape(b, c, (long) g * p,
                (long) g * p);
    }

    /** The probed encoder: ViT, mask token and bottleneck. */
    long encoderParameterCount() {
        return encoder.parameterCount() + maskToken.size() + bottleneck.weightCount() + bottleneck.out();
    }

    /** Forward FLOPs of encoding one frame to its latents. */
    double encodeFlops() {
        return encoder.flopsPerClip() + TransformerFlops.linear(encoderConfig.tokensPerStep(), encoderConfig.width(),
                latentChannels);
    }

    /** Forward FLOPs of decoding one frame from its latents. */
    double decodeFlops() {
        return decoder.flopsPerClip() + TransformerFlops.linear(encoderConfig.tokensPerStep(),
                decoder.config().width(), encoderConfig.patchDim());
    }
}
