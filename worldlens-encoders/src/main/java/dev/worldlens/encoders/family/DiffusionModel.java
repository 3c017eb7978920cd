package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Scalars;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.noise.EdmSchedule;
import dev.worldlens.nn.noise.NoiseLevelEmbedding;
import dev.worldlens.nn.train.StepLoss;
import dev.worldlens.nn.vit.VisionTransformer;
import dev.worldlens.nn.vit.VitConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Family "diffusion": a pixel diffusion model trained from scratch on single frames with the EDM objective (Karras et
 * al. 2022), the study's "DIFF" row. The denoiser is a U-ViT-style transformer (Bao et al. 2023): the patch tokens of
 * the preconditioned noisy frame {@code cIn * x} plus one noise-level token (an MLP of sinusoidal features of
 * {@code cNoise = ln(sigma) / 4}) go through one {@link VisionTransformer} (parameters "enc."), and a linear head
 * ("dec.out") maps each patch token back to its pixels, the raw output F. The denoised frame is
 * {@code D = cSkip x + cOut F}; the loss is EDM's weighted {@code lambda(sigma) |D - y|^2}, computed as the equal
 * unweighted {@code |F - (y - cSkip x) / cOut|^2}. U-ViT's long skip connections are left out (the shared ViT runs its
 * blocks as one stack), so this is the plain-ViT variant of U-ViT/DiT with in-context conditioning.
 *
 * <p>Features for probing: the clean frame is noised to {@code featureSigma} with noise drawn once from
 * {@code featureNoiseSeed} (the same noise image for every frame, so a frame's features do not depend on its batch)
 * and the ViT block outputs over the patch tokens are read out (the noise token is dropped). The default 0.3 (with
 * sigmaData 0.5, a signal-to-noise ratio of about 2.8) is low enough that the frame stays legible and high enough that
 * the network is denoising rather than copying its input, the regime in which diffusion features are usually read
 * (e.g. DDAE, Xiang et al. 2023; VPP reads its video model at one noisy step).
 */
public final class DiffusionModel implements FamilyModel {
    public static final String FAMILY = "diffusion";

    private final FamilyConfig config;
    private final NDManager manager;
    private final Parameters params;
    private final VisionTransformer vit;
    private final NoiseLevelEmbedding noiseEmbedding;
    private final Linear head;
    private final EdmSchedule edm;
    private final double featureSigma;
    private final NDArray featureNoise; // [1, 1, 3, S, S] = featureSigma * n, a constant, not a parameter

    private DiffusionModel(FamilyConfig config, long seed) {
        this.config = config;
        if (config.clipLength() != 1 || config.tubelet() != 1) {
            throw new IllegalArgumentException("the diffusion family denoises single frames: clip length and "
                    + "tubelet must be 1, got " + config.clipLength() + "/" + config.tubelet());
        }
        this.edm = new EdmSchedule(config.option("sigmaData", 0.5), config.option("pMean", -1.2),
                config.option("pStd", 1.2), 0.002, 80, 7);
        this.featureSigma = config.option("featureSigma", 0.3);
        if (!(featureSigma > 0)) {
            throw new IllegalArgumentException("diffusion option featureSigma must be positive, got " + featureSigma);
        }
        this.manager = Torch.newManager();
        this.params = new Parameters(manager);
        VitConfig vc = VitConfig.image(config.imageSize(), config.patchSize(), config.width(), config.depth(),
                config.heads());
        SplittableRandom rng = new SplittableRandom(seed);
        this.vit = VisionTransformer.create(vc, params, rng.nextLong(), "enc.");
        this.noiseEmbedding = NoiseLevelEmbedding.create(params, "enc.noise.", config.width(), rng.split());
        this.head = Linear.create(params, "dec.out", config.width(), vc.patchDim(), rng.split());
        int s = config.imageSize();
        float[] noise = new float[3 * s * s];
        SplittableRandom fixed = new SplittableRandom(config.option("featureNoiseSeed", 17));
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (featureSigma * fixed.nextGaussian());
        }
        this.featureNoise = manager.create(noise, new Shape(1, 1, 3, s, s));
    }

    /**
     * ViT width 128, depth 6, 2 heads, patch 8 at 64x64 (64 patch tokens plus the noise token; 1.25 M encoder
     * parameters); batch 32 frames, lr 5e-4, 3000 steps: sized for about ten minutes on two cores (step times in
     * BENCHMARKS.md, "Pretraining throughput").
     */
    public static FamilyConfig defaults() {
        return FamilyConfig.builder().setFamily(FAMILY).setImageSize(64).setPatchSize(8).setWidth(128).setDepth(6)
                .setHeads(2).optOptions(Map.of("steps", "3000", "batch", "32", "lr", "5e-4", "sigmaData", "0.5",
                        "pMean", "-1.2", "pStd", "1.2", "featureSigma", "0.3", "featureNoiseSeed", "17"))
                .build();
    }

    public static FamilyModel create(FamilyConfig config, long seed) {
        return new DiffusionModel(config, seed);
    }

    public EdmSchedule schedule() {
        return edm;
    }

    public double featureSigma() {
        return featureSigma;
    }

    @Override
    public FamilyConfig config() {
        return config;
    }

    @Override
    public Parameters trained() {
        return params;
    }

    @Override
    public StepLoss objectiveLoss(PretrainData data, int batchSize, int step, SplittableRandom rng,
                                  NDManager scope) {
        ClipBatch clips = data.clips(rng, batchSize, 1, 1);
        float[] clean = clips.pixels();
        float[] sigmas = edm.sampleSigmas(rng, batchSize);
        int frame = clean.length / batchSize;
        float[] input = new float[clean.length];
        float[] target = new float[clean.length];
        float[] levels = new float[batchSize];
        for (int b = 0; b < batchSize; b++) {
            double sigma = sigmas[b];
            double cIn = edm.cIn(sigma);
            levels[b] = (float) edm.cNoise(sigma);
            for (int i = b * frame; i < (b + 1) * frame; i++) {
                double noisy = clean[i] + sigma * rng.nextGaussian();
                input[i] = (float) (cIn * noisy);
                target[i] = (float) edm.networkTarget(clean[i], noisy, sigma);
            }
        }
        Shape shape = new Shape(batchSize, 1, 3, clips.size(), clips.size());
        NDArray out = network(scope.create(input, shape), levels);
        NDArray loss = out.sub(vit.patchify(scope.create(target, shape))).square().mean();
        return new StepLoss(loss, Map.of("edm", loss));
    }

    /**
     * The raw network F on the preconditioned input {@code cIn * x} [B, 1, 3, S, S] at noise inputs {@code levels}
     * (cNoise per sample): [B, N, 3 p^2], one patch per token in {@link VisionTransformer#patchify} layout.
     */
    public NDArray network(NDArray scaledInput, float[] levels) {
        List<NDArray> layers = trunk(scaledInput, levels, config.depth());
        return head.forward(layers.get(config.depth()));
    }

    /**
     * The denoised frames D(x; sigma) [B, N, 3 p^2] (patch layout) of noisy frames x [B, 1, 3, S, S] all at one
     * {@code sigma}: the EDM-preconditioned network, for sampling and checks.
     */
    public NDArray denoise(NDArray noisy, double sigma) {
        float[] levels = new float[(int) noisy.getShape().get(0)];
        java.util.Arrays.fill(levels, (float) edm.cNoise(sigma));
        NDArray f = network(Scalars.mul(noisy, edm.cIn(sigma)), levels);
        return edm.denoise(vit.patchify(noisy), f, sigma);
    }

    /** Input embedding and block outputs over the patch tokens (the noise token runs along, then is dropped). */
    private List<NDArray> trunk(NDArray scaledInput, float[] levels, int upToLayer) {
        NDArray patches = vit.embed(scaledInput);
        long n = patches.getShape().get(1);
        long b = patches.getShape().get(0);
        NDArray noiseToken = noiseEmbedding.forward(scaledInput.getManager(), levels).reshape(b, 1, config.width());
        List<NDArray> all = vit.forwardTokens(patches.concat(noiseToken, 1), upToLayer);
        List<NDArray> out = new ArrayList<>(all.size());
        out.add(patches);
        for (int i = 1; i < all.size(); i++) {
            out.add(all.get(i).get(":, 0:" + n + ", :"));
        }
        return out;
    }

    @Override
    public List<NDArray> encodeLayers(NDArray pixels, int upToLayer) {
        if (upToLayer < 0 || upToLayer > layers()) {
            throw new IllegalArgumentException("layer " + upToLayer + " outside 0.." + layers());
        }
        float[] levels = new float[(int) pixels.getShape().get(0)];
        java.util.Arrays.fill(levels, (float) edm.cNoise(featureSigma));
        NDArray input = Scalars.mul(pixels.add(featureNoise), edm.cIn(featureSigma));
        return trunk(input, levels, upToLayer);
    }

    @Override
    public int layers() {
        return config.depth();
    }

    @Override
    public NDArray pooledFeatures(NDArray pixels) {
        return encodeLayers(pixels, layers()).get(layers()).mean(new int[]{1});
    }

    @Override
    public int featureWidth() {
        return config.width();
    }

    @Override
    public int tokensPerStep() {
        return vit.config().tokensPerStep();
    }

    /** The ViT trunk and the noise-level embedding: everything that runs when frames are encoded. */
    @Override
    public long encoderParameterCount() {
        return vit.parameterCount() + noiseEmbedding.parameterCount();
    }

    @Override
    public int framesPerStep(int batchSize) {
        return batchSize;
    }

    @Override
    public double forwardFlopsPerStep(int batchSize) {
        VitConfig vc = vit.config();
        double n = vc.tokensPerStep();
        double perFrame = TransformerFlops.linear(n, vc.patchDim(), vc.width())
                + TransformerFlops.blocks(vc, n + 1, vc.depth())
                + TransformerFlops.linear(n, vc.width(), vc.patchDim());
        return batchSize * perFrame + noiseEmbedding.flops(batchSize);
    }

    @Override
    public void close() {
        params.close();
        manager.close();
    }
}
