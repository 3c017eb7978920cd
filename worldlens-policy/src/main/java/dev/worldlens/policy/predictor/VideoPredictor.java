package dev.worldlens.policy.predictor;

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
import dev.worldlens.policy.language.InstructionEncoder;
import dev.worldlens.policy.language.WordEmbeddingInstructions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * VPP's text-guided video prediction model (TVP, vpp.md section 1) at CPU scale: a latent video diffusion model that
 * predicts a clip of {@code frames} latents of one camera from the latent of its first frame and an instruction.
 *
 * <p>Conditioning, as SVD img2vid fine-tuned by VPP: the first frame's latent is concatenated on channels with every
 * noisy frame; the instruction ({@link InstructionEncoder}, projected), the camera (a learned embedding, since each
 * view is predicted as its own sample) and the noise level ({@link NoiseLevelEmbedding} of cNoise = ln(sigma) / 4)
 * are summed into one vector that shifts the channels of every residual block of the {@link VideoUNet}. VPP feeds
 * CLIP tokens through cross-attention instead; with one short instruction per clip a pooled vector carries the same
 * information at a fraction of the cost.
 *
 * <p>Objective: EDM (Karras et al. 2022) with {@link EdmSchedule}'s preconditioning: the network sees
 * {@code cIn x}, is regressed unweighted on {@code (y - cSkip x) / cOut} (that is, lambda(sigma) |D - y|^2), one
 * log-normal sigma per clip, the instruction replaced by "" with probability {@code instructionDropout}.
 * Sampling: EDM's deterministic Heun sampler (Algorithm 1) over {@link EdmSchedule#karrasSigmas}, with optional
 * classifier-free guidance against the empty instruction.
 *
 * <p>Latents are [B, T, z, s, s], standardised per channel ({@link LatentScale}); all arrays an operation makes live on
 * the manager of its first input, so callers work inside a sub-manager they close.
 */
public final class VideoPredictor implements AutoCloseable {
    private final PredictorConfig config;
    private final int latentChannels;
    private final int latentSide;
    private final NDManager manager;
    private final Parameters params;
    private final InstructionEncoder instructions; // the hook where a frozen CLIP text model would plug in
    private final List<String> vocabulary;
    private final Linear textProjection;
    private final NDArray cameraTable;
    private final NoiseLevelEmbedding noiseEmbedding;
    private final VideoUNet unet;
    private final EdmSchedule edm;

    private VideoPredictor(PredictorConfig config, int latentChannels, int latentSide, List<String> vocabulary,
                           long seed) {
        if (latentSide % 2 != 0 || latentSide % config.featureGrid() != 0) {
            throw new IllegalArgumentException("the latent side " + latentSide + " must be even and a multiple of "
                    + "featureGrid " + config.featureGrid() + " (frameSize / autoencoder factor)");
        }
        this.config = config;
        this.latentChannels = latentChannels;
        this.latentSide = latentSide;
        this.edm = config.schedule();
        this.manager = Torch.newManager();
        this.params = new Parameters(manager);
        SplittableRandom rng = new SplittableRandom(seed);
        int e = config.embedWidth();
        this.vocabulary = List.copyOf(vocabulary);
        this.instructions = WordEmbeddingInstructions.create(params, "text.", vocabulary, e, rng.split());
        this.textProjection = Linear.create(params, "text.proj", instructions.width(), e, rng.split());
        this.cameraTable = params.normal("camera.embedding", 1.0, rng.split(), config.cameras().size(), e);
        this.noiseEmbedding = NoiseLevelEmbedding.create(params, "noise.", e, rng.split());
        this.unet = new VideoUNet(params, "unet.", latentChannels, config.frames(), config.width(),
                config.deepWidth(), config.heads(), config.groups(), e, rng.split());
    }

    /** A predictor with freshly drawn weights for latents of {@code latentChannels} x {@code latentSide}^2. */
    public static VideoPredictor create(PredictorConfig config, int latentChannels, int latentSide,
                                        List<String> vocabulary, long seed) {
        return new VideoPredictor(config, latentChannels, latentSide, vocabulary, seed);
    }

    public PredictorConfig config() {
        return config;
    }

    public Parameters parameters() {
        return params;
    }

    public EdmSchedule schedule() {
        return edm;
    }

    public int latentChannels() {
        return latentChannels;
    }

    public int latentSide() {
        return latentSide;
    }

    public int frames() {
        return config.frames();
    }

    public List<String> vocabulary() {
        return vocabulary;
    }

    /** Channels of the concatenated up-block features (up-block 0's deepWidth plus up-block 1's width). */
    public int featureChannels() {
        return unet.width() + unet.deepWidth();
    }

    /** The conditioning vector [B, E]: noise level + projected instruction + camera. */
    private NDArray conditioning(NDManager scope, float[] cNoise, List<String> text, int[] cameras) {
        for (int c : cameras) {
            if (c < 0 || c >= config.cameras().size()) {
                throw new IllegalArgumentException("camera index " + c + " outside 0.." + (config.cameras().size()
                        - 1) + " (" + config.cameras() + ")");
            }
        }
        NDArray noise = noiseEmbedding.forward(scope, cNoise);
        NDArray words = textProjection.forward(instructions.encode(scope, text));
        int views = config.cameras().size();
        float[] oneHot = new float[cameras.length * views];
        for (int i = 0; i < cameras.length; i++) {
            oneHot[i * views + cameras[i]] = 1f;
        }
        NDArray camera = scope.create(oneHot, new Shape(cameras.length, views)).matMul(cameraTable);
        return noise.add(words).add(camera);
    }

    /** Network input [B*T, 2z, s, s] from preconditioned noisy latents [B, T, z, s, s] and first latents [B, z, s, s]. */
    private NDArray input(NDArray scaledNoisy, NDArray first) {
        Shape s = scaledNoisy.getShape();
        int t = config.frames();
        if (s.dimension() != 5 || s.get(1) != t || s.get(2) != latentChannels || s.get(3) != latentSide) {
            throw new IllegalArgumentException("expected latents [B, " + t + ", " + latentChannels + ", "
                    + latentSide + ", " + latentSide + "], got " + s);
        }
        Shape fs = first.getShape();
        NDArray cond = first.expandDims(1).broadcast(new Shape(fs.get(0), t, fs.get(1), fs.get(2), fs.get(3)));
        return scaledNoisy.concat(cond, 2).reshape(s.get(0) * t, 2L * latentChannels, latentSide, latentSide);
    }

    /**
     * Per-frame copies [B*T, E] of per-clip vectors [B, E] (frames of a clip consecutive), by broadcasting: with
     * NDArray.repeat (repeat_interleave) here, 2-3 in 12 tiny training runs went NaN within 20 steps while the loss
     * was finite (NaN gradients), and identical runs diverged; none in 24 runs with broadcasting.
     */
    private NDArray perFrame(NDArray emb) {
        Shape s = emb.getShape();
        return emb.expandDims(1).broadcast(new Shape(s.get(0), config.frames(), s.get(1)))
                .reshape(s.get(0) * config.frames(), s.get(1));
    }

    /**
     * The denoised clip D(x; sigma) [B, T, z, s, s] of noisy latents {@code noisy} at one {@code sigma}, given the first
     * frames' latents [B, z, s, s], instructions and camera indices.
     */
    public NDArray denoise(NDArray noisy, double sigma, NDArray first, List<String> text, int[] cameras) {
        NDManager scope = noisy.getManager();
        float[] levels = new float[text.size()];
        Arrays.fill(levels, (float) edm.cNoise(sigma));
        NDArray emb = perFrame(conditioning(scope, levels, text, cameras));
        NDArray f = unet.forward(input(Scalars.mul(noisy, edm.cIn(sigma)), first), emb)
                .reshape(noisy.getShape());
        return Scalars.mul(noisy, edm.cSkip(sigma)).add(Scalars.mul(f, edm.cOut(sigma)));
    }

    /**
     * EDM loss on a batch of clean clips {@code clips} [B, T, z, s, s] (flat, row-major; frame 0 conditions), all
     * randomness (instruction dropout, then one sigma per clip, then the noise) drawn from {@code rng}.
     */
    public StepLoss loss(float[] clips, List<String> text, int[] cameras, SplittableRandom rng, NDManager scope) {
        int b = text.size();
        int t = config.frames();
        int frame = latentChannels * latentSide * latentSide;
        if (clips.length != b * t * frame) {
            throw new IllegalArgumentException("expected " + b * t * frame + " latent values, got " + clips.length);
        }
        List<String> shown = new ArrayList<>(b);
        for (String s : text) {
            shown.add(rng.nextDouble() < config.instructionDropout() ? "" : s);
        }
        float[] sigmas = edm.sampleSigmas(rng, b);
        float[] input = new float[clips.length];
        float[] target = new float[clips.length];
        float[] levels = new float[b];
        float[] first = new float[b * frame];
        for (int i = 0; i < b; i++) {
            double sigma = sigmas[i];
            double cIn = edm.cIn(sigma);
            levels[i] = (float) edm.cNoise(sigma);
            int clip = i * t * frame;
            System.arraycopy(clips, clip, first, i * frame, frame);
            for (int j = clip; j < clip + t * frame; j++) {
                double noisy = clips[j] + sigma * rng.nextGaussian();
                input[j] = (float) (cIn * noisy);
                target[j] = (float) edm.networkTarget(clips[j], noisy, sigma);
            }
        }
        Shape shape = new Shape(b, t, latentChannels, latentSide, latentSide);
        NDArray firsts = scope.create(first, new Shape(b, latentChannels, latentSide, latentSide));
        NDArray emb = perFrame(conditioning(scope, levels, shown, cameras));
        NDArray f = unet.forward(input(scope.create(input, shape), firsts), emb);
        NDArray loss = f.sub(scope.create(target, new Shape(b * t, latentChannels, latentSide, latentSide)))
                .square().mean();
        return new StepLoss(loss, Map.of("edm", loss));
    }

    /**
     * Predicts clips [B, T, z, s, s] with EDM's Heun sampler in {@code steps} steps from pure noise at sigmaMax (drawn
     * from {@code seed}), on {@code first}'s manager. {@code guidance} 1 is the plain conditional model; above 1,
     * classifier-free guidance {@code D_empty + guidance (D - D_empty)}, as VPP's visualisation (vpp.md 1.2).
     */
    public NDArray sample(NDArray first, List<String> text, int[] cameras, int steps, double guidance, long seed) {
        NDManager scope = first.getManager();
        int b = text.size();
        Shape shape = new Shape(b, config.frames(), latentChannels, latentSide, latentSide);
        double[] sigmas = edm.karrasSigmas(steps);
        float[] n = new float[Math.toIntExact(shape.size())];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n.length; i++) {
            n[i] = (float) (rng.nextGaussian() * sigmas[0]);
        }
        NDArray x = scope.create(n, shape);
        for (int i = 0; i < steps; i++) {
            double sigma = sigmas[i];
            double next = sigmas[i + 1];
            NDArray d = Scalars.div(x.sub(guided(x, sigma, first, text, cameras, guidance)), sigma);
            NDArray euler = x.add(Scalars.mul(d, next - sigma));
            if (next > 0) {
                NDArray d2 = Scalars.div(euler.sub(guided(euler, next, first, text, cameras, guidance)), next);
                euler = x.add(Scalars.mul(d.add(d2), (next - sigma) / 2));
            }
            x = euler;
        }
        return x;
    }

    private NDArray guided(NDArray x, double sigma, NDArray first, List<String> text, int[] cameras,
                           double guidance) {
        NDArray cond = denoise(x, sigma, first, text, cameras);
        if (guidance == 1) {
            return cond;
        }
        NDArray empty = denoise(x, sigma, first, java.util.Collections.nCopies(text.size(), ""), cameras);
        return empty.add(Scalars.mul(cond.sub(empty), guidance));
    }

    /**
     * One pass of the network at noise level {@code sigma} on noisy latents {@code noisy} [B, T, z, s, s] (for the
     * predictive representation: pure noise times sigma), read out at the first two up-blocks, each [B*T, C, s, s].
     */
    VideoUNet.UpBlocks upBlocks(NDArray noisy, double sigma, NDArray first, List<String> text, int[] cameras) {
        NDManager scope = noisy.getManager();
        float[] levels = new float[text.size()];
        Arrays.fill(levels, (float) edm.cNoise(sigma));
        NDArray emb = perFrame(conditioning(scope, levels, text, cameras));
        return unet.upBlocks(input(Scalars.mul(noisy, edm.cIn(sigma)), first), emb);
    }

    @Override
    public void close() {
        params.close();
        manager.close();
    }
}
