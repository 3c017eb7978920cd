package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Scalars;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.StepLoss;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Family "shortcut": a Dreamer-4-style world model (Hafner, Yan and Lillicrap 2025), scaled down to this machine: a
 * masked-autoencoding tokenizer ({@link ShortcutTokenizer}, "tok.") whose encoder is the probed one, and an
 * action-conditioned dynamics transformer over clips of its latents trained with shortcut forcing
 * ({@link ShortcutDynamics}, "dyn.").
 *
 * <p>Training schedule: both parts are trained jointly in every step, on one loss
 * {@code tokenizer MSE + dynamicsWeight * shortcut-forcing loss}, but the dynamics reads stop-gradient latents: no
 * gradient of the dynamics reaches the tokenizer, so the probed encoder is shaped by reconstruction alone, as in
 * Dreamer 4, whose dynamics is trained on a frozen tokenizer. (Two phases within one run are avoided because AdamW
 * keeps moving weights whose gradient has dropped to zero, so a "frozen" tokenizer would still drift.) The dynamics
 * therefore chases slowly moving latents, which the study does not probe.
 *
 * <p>Actions reach only the dynamics, never the tokenizer (the study's "action-conditioning paradox": feeding the
 * action into the probed trunk lets it stop encoding the action). The probed features are the tokenizer's: layers
 * 1..depth are its encoder blocks and layer depth + 1 the tanh bottleneck latents per patch token, whose mean over
 * tokens is {@link #pooledFeatures} (width latentChannels). The encoder reads single frames (clip length 1).
 */
public final class ShortcutModel implements FamilyModel, PixelDecoding {
    public static final String FAMILY = "shortcut";

    private final FamilyConfig config;
    private final NDManager manager;
    private final Parameters params;
    private final ShortcutTokenizer tokenizer;
    private final ShortcutDynamics dynamics;
    private final double maxDrop;
    private final double dynamicsWeight;
    private final int clipStride;

    private ShortcutModel(FamilyConfig config, long seed) {
        if (config.clipLength() != 1 || config.tubelet() != 1) {
            throw new IllegalArgumentException("the shortcut tokenizer encodes single frames: clip length and tubelet"
                    + " must be 1, got " + config.clipLength() + "/" + config.tubelet());
        }
        this.config = config;
        this.maxDrop = config.option("patchDropMax", 0.9);
        this.dynamicsWeight = config.option("dynamicsWeight", 1.0);
        this.clipStride = config.option("clipStride", 1);
        if (maxDrop < 0 || maxDrop > 1 || dynamicsWeight < 0 || clipStride < 1) {
            throw new IllegalArgumentException("shortcut needs patchDropMax in [0, 1], dynamicsWeight >= 0 and "
                    + "clipStride >= 1, got " + maxDrop + ", " + dynamicsWeight + ", " + clipStride);
        }
        this.manager = Torch.newManager();
        this.params = new Parameters(manager);
        SplittableRandom rng = new SplittableRandom(seed);
        this.tokenizer = new ShortcutTokenizer(config, params, rng.split());
        this.dynamics = new ShortcutDynamics(config, tokenizer.encoderConfig().gridSide(), tokenizer.latentChannels(),
                params, manager, rng.split());
    }

    /**
     * Tokenizer: ViT encoder width 128, depth 6, 2 heads, patch 8 at 64x64; 16 latent channels per token; decoder
     * width 128, depth 2. Dynamics: clips of 4 frames, width 128, depth 4, kMax 32, a quarter of each batch on
     * bootstrap targets. Batch 16 clips (64 frames), lr 5e-4, 1000 steps: sized for about ten minutes on two cores
     * (step times in BENCHMARKS.md, "Pretraining throughput").
     */
    public static FamilyConfig defaults() {
        return FamilyConfig.builder().setFamily(FAMILY).setImageSize(64).setPatchSize(8).setWidth(128).setDepth(6)
                .setHeads(2).optOptions(Map.ofEntries(
                        Map.entry("steps", "1000"), Map.entry("batch", "16"), Map.entry("lr", "5e-4"),
                        Map.entry("latentChannels", "16"), Map.entry("decoderWidth", "128"),
                        Map.entry("decoderDepth", "2"), Map.entry("patchDropMax", "0.9"), Map.entry("dynFrames", "4"),
                        Map.entry("dynWidth", "128"), Map.entry("dynDepth", "4"), Map.entry("kMax", "32"),
                        Map.entry("bootstrapFraction", "0.25"), Map.entry("dynamicsWeight", "1"),
                        Map.entry("actionDim", "7"), Map.entry("clipStride", "1")))
                .build();
    }

    public static FamilyModel create(FamilyConfig config, long seed) {
        return new ShortcutModel(config, seed);
    }

    @Override
    public FamilyConfig config() {
        return config;
    }

    @Override
    public Parameters trained() {
        return params;
    }

    /**
     * One step on {@code batchSize} clips of dynFrames frames: the dynamics' shortcut-forcing loss on the clips'
     * stop-gradient latents, plus the tokenizer's masked-autoencoding loss on one frame drawn from each clip.
     */
    @Override
    public StepLoss objectiveLoss(PretrainData data, int batchSize, int step, SplittableRandom rng,
                                  NDManager scope) {
        int frames = dynamics.frames();
        ClipBatch clips = data.clips(rng, batchSize, frames, clipStride);
        int s = clips.size();
        NDArray all = clips.pixels(scope).reshape(batchSize * frames, 1, 3, s, s);
        NDArray latents = tokenizer.latents(all).stopGradient();
        NDArray clean = latents.reshape(batchSize, frames, latents.getShape().get(1), latents.getShape().get(2));
        NDArray dynamicsLoss = dynamics.loss(clean, dynamics.previousActions(clips, scope), rng);
        int frame = 3 * s * s;
        float[] chosen = new float[batchSize * frame];
        for (int b = 0; b < batchSize; b++) {
            int t = rng.nextInt(frames);
            System.arraycopy(clips.pixels(), (b * frames + t) * frame, chosen, b * frame, frame);
        }
        NDArray tokenizerLoss = tokenizer.reconstructionLoss(scope.create(chosen, new Shape(batchSize, 1, 3, s, s)),
                maxDrop, rng);
        NDArray total = tokenizerLoss.add(Scalars.mul(dynamicsLoss, dynamicsWeight));
        return new StepLoss(total, Map.of("tokenizer", tokenizerLoss, "dynamics", dynamicsLoss));
    }

    ShortcutTokenizer tokenizer() {
        return tokenizer;
    }

    ShortcutDynamics dynamics() {
        return dynamics;
    }

    /** The tokenizer's own round trip, as Dreamer 4 decodes its latents: every patch kept, latents, decoder. */
    @Override
    public NDArray reconstructLast(NDArray pixels) {
        return tokenizer.reconstruct(pixels);
    }

    @Override
    public List<NDArray> encodeLayers(NDArray pixels, int upToLayer) {
        return tokenizer.encodeLayers(pixels, upToLayer);
    }

    /** Encoder blocks plus the bottleneck latents. */
    @Override
    public int layers() {
        return tokenizer.depth() + 1;
    }

    @Override
    public NDArray pooledFeatures(NDArray pixels) {
        return tokenizer.latents(pixels).mean(new int[]{1});
    }

    @Override
    public int featureWidth() {
        return tokenizer.latentChannels();
    }

    @Override
    public int tokensPerStep() {
        return tokenizer.encoderConfig().tokensPerStep();
    }

    @Override
    public long encoderParameterCount() {
        return tokenizer.encoderParameterCount();
    }

    @Override
    public int framesPerStep(int batchSize) {
        return batchSize * dynamics.frames();
    }

    /** Clean latents of every clip frame, the tokenizer on one frame per clip, and the dynamics' three passes. */
    @Override
    public double forwardFlopsPerStep(int batchSize) {
        return batchSize * dynamics.frames() * tokenizer.encodeFlops()
                + batchSize * (tokenizer.encodeFlops() + tokenizer.decodeFlops())
                + dynamics.lossFlops(batchSize);
    }

    @Override
    public void close() {
        params.close();
        manager.close();
    }
}
