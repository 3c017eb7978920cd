package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Scalars;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.StepLoss;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The "vae" family: a convolutional KL autoencoder, the Stable Diffusion VAE (Rombach et al., 2022, the
 * "AutoencoderKL" of latent diffusion) at toy scale, standing in for the study's pixel-reconstruction rows (SDXL VAE,
 * Cosmos tokenizer). Single frames (clip length 1) go through {@link VaeEncoder} to the mean and log-variance of a
 * diagonal Gaussian latent at 1/8 of the input side, a reparameterised sample (Kingma and Welling, 2014) goes
 * through {@link VaeDecoder} back to pixels, and the loss is
 * {@code mean squared pixel error + beta * KL(q(z|x) || N(0, I))}, both averaged per element.
 *
 * <p>Beta: LDM's {@code kl_weight} 1e-6 multiplies a KL summed over the latent against an L1 + LPIPS loss summed over
 * the pixels, i.e. about 2e-8 per element at f = 8 with 4 channels; so weak that SD rescales its latents by 0.18215
 * afterwards. The default here, 1e-4 per element against MSE, is stronger but still leaves reconstruction in charge
 * (measured: KL 0.1-1 nat per latent element, so beta * KL is 1e-5 to 1e-4 against an MSE of 0.015-0.035); it
 * penalises the log-variance collapsing and the latent drifting in scale over a short run, so that the probed latents
 * are those of a VAE rather than of a plain autoencoder. MSE rather than L1 because the study's fidelity
 * figure is PSNR; there is no perceptual or adversarial term at this scale.
 *
 * <p>Config fields: {@code patchSize} is the downsampling factor (a power of two; 8 gives three levels, 64 -> 32 ->
 * 16 -> 8), {@code width} the first level's channels, {@code depth} the residual blocks per level; {@code heads}
 * and {@code tubelet} are unused (1). Options: {@code latentChannels} 8, {@code maxMultiplier} 4 (level i has
 * width * min(2^i, maxMultiplier) channels, as LDM's ch_mult (1, 2, 4)), {@code groups} 8 (GroupNorm groups),
 * {@code beta} 1e-4, and the pretraining driver's {@code steps}, {@code batch}, {@code lr}.
 *
 * <p>Probed layers (tokens [B, H*W, C], row-major over the feature map): 0 the first convolution, 1..levels each
 * level's output, levels + 1 the latent mean (the card's width is the latent channels). Encoding is deterministic:
 * it reads the mean, never a sample.
 */
public final class VaeModel implements FamilyModel, PixelDecoding {
    public static final String FAMILY = "vae";

    private final FamilyConfig config;
    private final NDManager manager;
    private final Parameters trained;
    private final VaeEncoder encoder;
    private final VaeDecoder decoder;
    private final int latentChannels;
    private final int latentSide;
    private final double beta;

    private VaeModel(FamilyConfig config, long seed) {
        this.config = config;
        int factor = config.patchSize();
        if (factor < 2 || Integer.bitCount(factor) != 1 || config.imageSize() % factor != 0) {
            throw new IllegalArgumentException("vae: the downsampling factor (patchSize) must be a power of two "
                    + "dividing the image size " + config.imageSize() + ", got " + factor);
        }
        if (config.clipLength() != 1) {
            throw new IllegalArgumentException("vae reads single frames (clip length 1), got " + config.clipLength());
        }
        this.latentChannels = config.option("latentChannels", 8);
        this.beta = config.option("beta", 1e-4);
        this.latentSide = config.imageSize() / factor;
        int maxMultiplier = config.option("maxMultiplier", 4);
        int groups = config.option("groups", 8);
        if (latentChannels < 1 || maxMultiplier < 1 || beta < 0) {
            throw new IllegalArgumentException("vae: latentChannels and maxMultiplier must be positive and beta "
                    + "non-negative");
        }
        int[] widths = new int[Integer.numberOfTrailingZeros(factor)];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = config.width() * Math.min(1 << i, maxMultiplier);
        }
        this.manager = Torch.newManager();
        this.trained = new Parameters(manager);
        SplittableRandom seeds = new SplittableRandom(seed);
        this.encoder = VaeEncoder.create(trained, "enc.", widths, config.depth(), latentChannels, groups,
                new SplittableRandom(seeds.nextLong()));
        this.decoder = VaeDecoder.create(trained, "dec.", widths, config.depth(), latentChannels, groups,
                new SplittableRandom(seeds.nextLong()));
    }

    /**
     * 64x64 frames, downsampling 8 (levels of 32, 64, 128 channels, one residual block each, two middle blocks), 8 latent
     * channels at 8x8: 1.11 M encoder and 1.24 M decoder parameters (smaller than the ViT families' 2.7 M encoders,
     * as the study's SDXL VAE encoder is beside its ViT-L rows). Batch 16 at lr 1e-3 (AdamW), 700 steps: sized for
     * about ten minutes on one core (step times in BENCHMARKS.md, "Pretraining throughput"). The reconstruction loss
     * may plateau while the KL falls (the posterior noise drowns the latent) before it drops again, so short schedules
     * can stop on that plateau.
     */
    public static FamilyConfig defaults() {
        return FamilyConfig.builder().setFamily(FAMILY).setImageSize(64).setPatchSize(8).setWidth(32).setDepth(1)
                .setHeads(1).optOptions(Map.of("steps", "700", "batch", "16", "lr", "1e-3", "latentChannels", "8",
                        "maxMultiplier", "4", "groups", "8", "beta", "1e-4"))
                .build();
    }

    public static FamilyModel create(FamilyConfig config, long seed) {
        if (!FAMILY.equals(config.family())) {
            throw new IllegalArgumentException("not a " + FAMILY + " config: " + config.family());
        }
        return new VaeModel(config, seed);
    }

    @Override
    public FamilyConfig config() {
        return config;
    }

    @Override
    public Parameters trained() {
        return trained;
    }

    /** Draws a batch of frames, then the reparameterisation noise, from {@code rng}. */
    @Override
    public StepLoss objectiveLoss(PretrainData data, int batchSize, int step, SplittableRandom rng, NDManager scope) {
        NDArray images = frames(data.clips(rng, batchSize, 1, 1).pixels(scope));
        NDArray moments = encoder.moments(images);
        NDArray mean = moments.get(":, :" + latentChannels);
        // LDM's DiagonalGaussianDistribution clamps the log-variance to [-30, 20]
        NDArray logVar = moments.get(":, " + latentChannels + ":").clip(-30, 20);
        NDArray std = Scalars.mul(logVar, 0.5).exp();
        NDArray z = mean.add(std.mul(gaussian(scope, rng, mean.getShape())));
        NDArray reconstruction = decoder.forward(z).sub(images).square().mean();
        NDArray kl = Scalars.mul(mean.square().add(std.square()).sub(1).sub(logVar), 0.5).mean();
        NDArray total = reconstruction.add(Scalars.mul(kl, beta));
        return new StepLoss(total, Map.of("reconstruction", reconstruction, "kl", kl));
    }

    private static NDArray gaussian(NDManager scope, SplittableRandom rng, Shape shape) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return scope.create(v, shape);
    }

    /** Clips [B, 1, 3, S, S] -> images [B, 3, S, S]. */
    private NDArray frames(NDArray pixels) {
        Shape s = pixels.getShape();
        if (s.dimension() != 5 || s.get(1) != 1 || s.get(2) != 3 || s.get(3) != config.imageSize()
                || s.get(4) != config.imageSize()) {
            throw new IllegalArgumentException("vae expects pixels [B, 1, 3, " + config.imageSize() + ", "
                    + config.imageSize() + "], got " + s);
        }
        return pixels.reshape(s.get(0), 3, s.get(3), s.get(4));
    }

    /** The latent mean, the posterior's mode (no sample), through the decoder: the VAE's deterministic round trip. */
    @Override
    public NDArray reconstructLast(NDArray pixels) {
        return decoder.forward(latentMean(pixels));
    }

    /** Each stage's feature map [B, C, H, W] as tokens [B, H*W, C]. */
    @Override
    public List<NDArray> encodeLayers(NDArray pixels, int upToLayer) {
        List<NDArray> maps = encoder.forward(frames(pixels), upToLayer < 0 ? layers() : upToLayer);
        List<NDArray> tokens = new ArrayList<>(maps.size());
        for (NDArray map : maps) {
            tokens.add(tokens(map));
        }
        return tokens;
    }

    private static NDArray tokens(NDArray map) {
        Shape s = map.getShape();
        return map.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
    }

    @Override
    public int layers() {
        return encoder.stages() - 1;
    }

    /** The latent mean averaged over its 8x8 positions, [B, latentChannels]. */
    @Override
    public NDArray pooledFeatures(NDArray pixels) {
        NDArray mean = latentMean(pixels);
        Shape s = mean.getShape();
        return mean.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).mean(new int[]{2});
    }

    /** The latent mean [B, latentChannels, h, w] of clips [B, 1, 3, S, S]. */
    NDArray latentMean(NDArray pixels) {
        return encoder.forward(frames(pixels), layers()).get(layers());
    }

    /**
     * The latent mean [B, latentChannels, S/f, S/f] of images [B, 3, S, S] in [-1, 1], f the downsampling factor: the
     * deterministic code a latent model (the video predictor) works in, as SD's {@code latent_dist.mode()}.
     */
    public NDArray encodeImages(NDArray images) {
        Shape s = images.getShape();
        return latentMean(images.reshape(s.get(0), 1, s.get(1), s.get(2), s.get(3)));
    }

    /** Latents [B, latentChannels, h, w] back to images [B, 3, h * f, w * f] (unclamped, about [-1, 1]). */
    public NDArray decode(NDArray latents) {
        return decoder.forward(latents);
    }

    public int latentChannels() {
        return latentChannels;
    }

    /** Latent side for this model's input side. */
    public int latentSide() {
        return latentSide;
    }

    @Override
    public int featureWidth() {
        return latentChannels;
    }

    @Override
    public int tokensPerStep() {
        return latentSide * latentSide;
    }

    @Override
    public long encoderParameterCount() {
        return encoder.parameterCount();
    }

    @Override
    public int framesPerStep(int batchSize) {
        return batchSize;
    }

    /** Every convolution of the encoder and the decoder (norms, activations and the KL left out). */
    @Override
    public double forwardFlopsPerStep(int batchSize) {
        return encoder.flops(batchSize, config.imageSize()) + decoder.flops(batchSize, latentSide);
    }

    @Override
    public void close() {
        trained.close();
        manager.close();
    }
}
