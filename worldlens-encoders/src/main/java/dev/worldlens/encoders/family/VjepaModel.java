package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Ema;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Scalars;
import dev.worldlens.nn.TokenMasks;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.StepLoss;
import dev.worldlens.nn.vit.VisionTransformer;
import dev.worldlens.nn.vit.VitConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The video latent-prediction family ("vjepa"): V-JEPA (Bardes et al. 2024, "Revisiting Feature Prediction for
 * Learning Visual Representations from Video"; V-JEPA 2, Assran et al. 2025) at toy scale.
 *
 * <p>A clip of {@code clipLength} consecutive frames is cut into tubelets (2 frames x 8 x 8 pixels). Per step and per
 * mask, a multi-block mask ({@link JepaMasks}: the same spatial mask at every token step, so a hidden patch cannot
 * be copied from its neighbour in time) hides most of the clip. The context encoder (the ViT under
 * "enc.", the one that is probed) reads only the visible tokens. A narrow predictor transformer (under "pred.")
 * receives the context tokens, linearly projected to its width, plus one learned mask token per hidden position,
 * each with the fixed sin-cos position embedding of its place in the clip, and regresses, through a linear output
 * projection, the features the target encoder gives the hidden tokens from the whole clip. The target is a copy of
 * the encoder (same names, in the {@link #extraState} store "target") updated as an exponential moving average of
 * the context encoder with a cosine momentum schedule from {@code emaStart} (0.996) to 1; its features are layer
 * normalised without affine parameters, as V-JEPA's {@code F.layer_norm}, and the loss is the L1 distance in that
 * feature space (V-JEPA's loss_exp = 1). As in V-JEPA each clip is masked twice: "short" (8 blocks of 15% of the
 * grid each) and "long" (2 blocks of 70%); both share one target pass and the loss is their mean. At the default
 * 8 x 8 grid and batch 16 the context encoder sees on average 19% of the clip under the short masks and 6% under the
 * long ones, and the predictor regresses 52% and 69% of it (V-JEPA: about 90% masked).
 *
 * <p>The predictor's own patch embedding is its input projection: it is built as a ViT over the encoder's token grid
 * (each token a 1 x 1 "patch" with {@code width} channels, one token step per tubelet), so its {@code pred.patch}
 * weights map encoder width to predictor width and its position embedding has exactly the encoder's token order.
 *
 * <p>Clip frames are consecutive (stride 1, option frameStride). V-JEPA takes every 4th frame of 30 fps video
 * (0.13 s apart); at the simulator's 15 Hz stride 1 is 0.07 s and stride 2 is 0.13 s, so both are on V-JEPA's time
 * scale, and stride 1 is chosen because the probe and the encode job read clips of consecutive frames ending at each
 * transition: pretraining then sees the temporal spacing that is probed.
 *
 * <p>For probing, the context encoder reads the whole clip (no mask). Options: steps, batch, lr, emaStart (0.996),
 * predWidth (width / 2), predDepth (4), predHeads (heads), frameStride (1), shortBlocks (8), shortScale (0.15),
 * longBlocks (2), longScale (0.7).
 */
public final class VjepaModel implements FamilyModel {
    public static final String FAMILY = "vjepa";
    private static final float TARGET_LN_EPS = 1e-6f;

    /** One masking strategy of V-JEPA: {@code blocks} rectangles each about {@code scale} of the grid. */
    private record MaskSpec(String name, int blocks, double scale) {
    }

    private final FamilyConfig config;
    private final VitConfig encoderConfig;
    private final NDManager manager;
    private final Parameters trained;
    private final Parameters target;
    private final VisionTransformer encoder;
    private final VisionTransformer targetEncoder;
    private final VisionTransformer predictor;
    private final NDArray predictorIn;
    private final NDArray predictorInBias;
    private final NDArray maskToken;
    private final Linear predictorOut;
    private final Ema ema;
    private final double emaStart;
    private final int frameStride;
    private final List<MaskSpec> masks;

    private VjepaModel(FamilyConfig config, long seed) {
        this.config = config;
        this.encoderConfig = VitConfig.builder().setImageSize(config.imageSize()).setPatchSize(config.patchSize())
                .setWidth(config.width()).setDepth(config.depth()).setHeads(config.heads())
                .optClipLength(config.clipLength()).optTubelet(config.tubelet()).build();
        this.manager = Torch.newManager();
        this.trained = new Parameters(manager);
        this.target = new Parameters(manager);
        SplittableRandom rng = new SplittableRandom(seed);
        long encoderSeed = rng.nextLong();
        this.encoder = VisionTransformer.create(encoderConfig, trained, encoderSeed, "enc.");
        int predWidth = config.option("predWidth", config.width() / 2);
        int predHeads = config.option("predHeads", config.heads());
        VitConfig predictorConfig = VitConfig.builder().setImageSize(encoderConfig.gridSide())
                .optChannels(config.width()).setPatchSize(1).setWidth(predWidth)
                .setDepth(config.option("predDepth", 4)).setHeads(predHeads)
                .optClipLength(encoderConfig.tokenSteps()).build();
        this.predictor = VisionTransformer.create(predictorConfig, trained, rng.nextLong(), "pred.");
        this.predictorIn = trained.get("pred.patch.w");
        this.predictorInBias = trained.get("pred.patch.b");
        SplittableRandom head = rng.split();
        this.maskToken = trained.normal("pred.mask_token", 0.02, head, predWidth);
        this.predictorOut = new Linear(trained.normal("pred.out.weight", 0.02, head, config.width(), predWidth),
                trained.constant("pred.out.bias", 0f, config.width()));
        // the target starts as a copy of the encoder (Ema copies the online values in)
        this.targetEncoder = VisionTransformer.create(encoderConfig, target, encoderSeed, "enc.");
        this.ema = new Ema(trained, "enc.", target, "enc.");
        this.emaStart = config.option("emaStart", 0.996);
        this.frameStride = config.option("frameStride", 1);
        this.masks = List.of(
                new MaskSpec("short", config.option("shortBlocks", 8), config.option("shortScale", 0.15)),
                new MaskSpec("long", config.option("longBlocks", 2), config.option("longScale", 0.7)));
    }

    /**
     * 64 px clips of 4 frames, tubelet 2, patch 8 (2 x 64 tokens), encoder width 192, depth 6, 3 heads (2.74 M
     * parameters, the random-init baseline's trunk with a tubelet embedding); predictor width 96, depth 4 (narrow,
     * as V-JEPA's predictor is 384 wide for a 1024-wide ViT-L). A step of batch 16 clips (64 frames,
     * 20 GFLOP forward: one target pass, two context and two predictor passes) took 0.36 s with two threads on a
     * quiet machine (SslFamiliesBenchmark), so 1500 steps take about ten minutes (the target pass needs no backward
     * and the context encoder reads a fifth of the clip or less, so a step costs about half an image-ssl step).
     * Peak rate 5e-4 with the loop's AdamW (V-JEPA uses 6.25e-4 at far larger batches).
     */
    public static FamilyConfig defaults() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("steps", "1500");
        options.put("batch", "16");
        options.put("lr", "5e-4");
        options.put("emaStart", "0.996");
        options.put("predWidth", "96");
        options.put("predDepth", "4");
        options.put("predHeads", "3");
        options.put("frameStride", "1");
        options.put("shortBlocks", "8");
        options.put("shortScale", "0.15");
        options.put("longBlocks", "2");
        options.put("longScale", "0.7");
        return FamilyConfig.builder().setFamily(FAMILY).setImageSize(64).setPatchSize(8).setWidth(192).setDepth(6)
                .setHeads(3).optClipLength(4).optTubelet(2).optOptions(options).build();
    }

    public static FamilyModel create(FamilyConfig config, long seed) {
        return new VjepaModel(config, seed);
    }

    @Override
    public FamilyConfig config() {
        return config;
    }

    @Override
    public Parameters trained() {
        return trained;
    }

    @Override
    public Map<String, Parameters> extraState() {
        return Map.of("target", target);
    }

    @Override
    public StepLoss objectiveLoss(PretrainData data, int batchSize, int step, SplittableRandom rng,
                                  NDManager scope) {
        NDArray pixels = data.clips(rng, batchSize, config.clipLength(), frameStride).pixels(scope);
        NDArray targets = targetFeatures(pixels);
        NDArray embedded = encoder.embed(pixels);
        NDArray positions = scope.zeros(new Shape(batchSize, encoderConfig.tokenCount(), predictor.config().width()))
                .add(predictor.positionEmbedding());
        Map<String, NDArray> terms = new LinkedHashMap<>();
        NDArray total = null;
        for (MaskSpec spec : masks) {
            TokenMasks m = draw(spec, batchSize, rng);
            NDArray visible = m.visibleArray(scope);
            NDArray hidden = m.maskedArray(scope);
            NDArray context = encoder.forwardTokens(VisionTransformer.keepTokens(embedded, visible), -1)
                    .get(encoderConfig.depth());
            NDArray predicted = predict(context, VisionTransformer.keepTokens(positions, visible),
                    VisionTransformer.keepTokens(positions, hidden));
            NDArray loss = predicted.sub(VisionTransformer.keepTokens(targets, hidden)).abs().mean();
            terms.put("jepa-" + spec.name(), loss);
            total = total == null ? loss : total.add(loss);
        }
        total = Scalars.div(total, masks.size());
        return new StepLoss(total, terms);
    }

    private TokenMasks draw(MaskSpec spec, int batchSize, SplittableRandom rng) {
        return JepaMasks.draw(batchSize, encoderConfig.tokenSteps(), encoderConfig.gridSide(), spec.blocks(),
                spec.scale(), rng);
    }

    /** The target encoder's last-layer features of the whole clip, layer normed without affine, no gradient. */
    private NDArray targetFeatures(NDArray pixels) {
        NDArray h = targetEncoder.forward(pixels, -1).get(encoderConfig.depth()).stopGradient();
        NDArray centred = h.sub(h.mean(new int[]{2}, true));
        return centred.div(centred.square().mean(new int[]{2}, true).add(TARGET_LN_EPS).sqrt());
    }

    /**
     * The predictor on context tokens [B, K, D] and position embeddings at the visible [B, K, Dp] and hidden
     * [B, M, Dp] places: returns its predictions for the hidden tokens, [B, M, D].
     */
    private NDArray predict(NDArray context, NDArray visiblePositions, NDArray hiddenPositions) {
        NDArray in = ai.djl.nn.core.Linear.linear(context, predictorIn, predictorInBias).singletonOrThrow()
                .add(visiblePositions);
        NDArray queries = hiddenPositions.add(maskToken);
        NDArray tokens = in.concat(queries, 1);
        NDArray out = predictor.forwardTokens(tokens, -1).get(predictor.config().depth());
        long k = context.getShape().get(1);
        long total = out.getShape().get(1);
        return predictorOut.forward(out.get(":, " + k + ":" + total + ", :"));
    }

    /** Cosine momentum from emaStart to 1 over the run (I-JEPA/V-JEPA anneal their target momentum to 1). */
    @Override
    public void afterStep(int step, int totalSteps) {
        ema.update(Ema.cosineMomentum(emaStart, step, totalSteps));
    }

    @Override
    public int framesPerStep(int batchSize) {
        return batchSize * config.clipLength();
    }

    /**
     * Per clip: the target pass over all L tokens, the patch embedding of all L tokens, and per mask the context
     * encoder on the K visible tokens and the predictor on all L tokens with its input and output projections. K is
     * the mean over 20 batches of masks drawn with a fixed seed.
     */
    @Override
    public double forwardFlopsPerStep(int batchSize) {
        int l = encoderConfig.tokenCount();
        int d = encoderConfig.width();
        VitConfig p = predictor.config();
        double perClip = encoder.flopsPerClip() + 2.0 * l * encoderConfig.patchDim() * d;
        for (MaskSpec spec : masks) {
            double k = expectedVisible(spec, batchSize);
            perClip += encoderConfig.depth() * blockFlops(k, d, encoderConfig.mlpHidden());
            perClip += p.depth() * blockFlops(l, p.width(), p.mlpHidden());
            perClip += 2.0 * k * d * p.width() + 2.0 * (l - k) * p.width() * d;
        }
        return batchSize * perClip;
    }

    /** The EMA target encoder's forward over the full clip: no backward pass. */
    @Override
    public double gradientFreeFlopsPerStep(int batchSize) {
        return batchSize * encoder.flopsPerClip();
    }

    private double expectedVisible(MaskSpec spec, int batchSize) {
        SplittableRandom rng = new SplittableRandom(0);
        double sum = 0;
        for (int i = 0; i < 20; i++) {
            sum += draw(spec, batchSize, rng).visible()[0].length;
        }
        return sum / 20;
    }

    private static double blockFlops(double tokens, double width, double hidden) {
        return 2.0 * tokens * width * (4 * width + 2 * hidden) + 4.0 * tokens * tokens * width;
    }

    @Override
    public List<NDArray> encodeLayers(NDArray pixels, int upToLayer) {
        return encoder.forward(pixels, upToLayer);
    }

    @Override
    public int layers() {
        return config.depth();
    }

    @Override
    public NDArray pooledFeatures(NDArray pixels) {
        return encoder.forward(pixels, -1).get(config.depth()).mean(new int[]{1});
    }

    @Override
    public int featureWidth() {
        return config.width();
    }

    @Override
    public int tokensPerStep() {
        return encoderConfig.tokensPerStep();
    }

    @Override
    public long encoderParameterCount() {
        return encoder.parameterCount();
    }

    @Override
    public void close() {
        target.close();
        trained.close();
        manager.close();
    }
}
