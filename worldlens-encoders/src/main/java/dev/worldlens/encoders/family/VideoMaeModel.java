package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Scalars;
import dev.worldlens.nn.TokenMasks;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.StepLoss;
import dev.worldlens.nn.vit.VisionTransformer;
import dev.worldlens.nn.vit.VitConfig;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The "videomae" family: VideoMAE (Tong et al., NeurIPS 2022) at toy scale, the study's video pixel masked
 * autoencoder. A video ViT with tubelet embedding (2 frames x 8 x 8 pixels) reads clips of 4 frames; tube masking
 * hides the same ~90% of patch positions in every token step ({@link TokenMasks#tube}), the encoder reads only the
 * visible tokens, and a narrow decoder ({@link VideoMaeDecoder}) reconstructs the hidden tubelets. The loss is the
 * mean squared error on the hidden tubelets' pixels, each tubelet normalised per channel by its own mean and
 * (unbiased) standard deviation, as VideoMAE's {@code normlize_target} (MAE's norm_pix_loss).
 *
 * <p>The encoder is what gets probed: for probing it reads the full clip without a mask, as a fine-tuned or
 * frozen-feature VideoMAE does. Layer 0 is the tubelet embedding plus position embedding, layer i the output of
 * block i (the last after the final LayerNorm).
 *
 * <p>Options (with defaults): {@code maskRatio} 0.9 (VideoMAE's default for Kinetics and SSv2),
 * {@code decoderWidth} 96, {@code decoderDepth} 2, {@code decoderHeads} 3 (VideoMAE pairs a ViT-B encoder with a
 * half-width, 4-block decoder), {@code frameStride} 1 (frames between clip frames; 1 matches the clips the probe's
 * encode job cuts), and the pretraining driver's {@code steps}, {@code batch}, {@code lr}.
 */
public final class VideoMaeModel implements FamilyModel, PixelDecoding {
    /** Seeds the fixed order in which {@link #reconstructLast} hides tubelets. */
    static final long RECONSTRUCTION_SEED = 0x5EED;

    public static final String FAMILY = "videomae";

    private final FamilyConfig config;
    private final NDManager manager;
    private final Parameters trained;
    private final VisionTransformer encoder;
    private final VideoMaeDecoder decoder;
    private final double maskRatio;
    private final int frameStride;

    private VideoMaeModel(FamilyConfig config, long seed) {
        this.config = config;
        this.maskRatio = config.option("maskRatio", 0.9);
        this.frameStride = config.option("frameStride", 1);
        if (!(maskRatio > 0 && maskRatio < 1) || frameStride < 1) {
            throw new IllegalArgumentException("videomae: maskRatio must lie in (0, 1) and frameStride be positive, "
                    + "got " + maskRatio + " and " + frameStride);
        }
        this.manager = Torch.newManager();
        this.trained = new Parameters(manager);
        SplittableRandom seeds = new SplittableRandom(seed);
        VitConfig vit = VitConfig.builder().setImageSize(config.imageSize()).setPatchSize(config.patchSize())
                .setWidth(config.width()).setDepth(config.depth()).setHeads(config.heads())
                .optClipLength(config.clipLength()).optTubelet(config.tubelet()).build();
        this.encoder = VisionTransformer.create(vit, trained, seeds.nextLong(), "enc.");
        this.decoder = VideoMaeDecoder.create(vit, config.option("decoderWidth", 96),
                config.option("decoderDepth", 2), config.option("decoderHeads", 3), trained, seeds.nextLong());
    }

    /**
     * ViT width 192, depth 6, 3 heads (ViT-S-like, 2.74 M encoder parameters; the decoder uses 0.28 M), 64x64 input,
     * patch 8, clips of 4 frames in tubelets of 2 (2 x 64 tokens, 12 visible); batch 64 at lr 1.5e-3 (AdamW), 900
     * steps: sized for about ten minutes on one core (step times in BENCHMARKS.md, "Pretraining throughput").
     */
    public static FamilyConfig defaults() {
        return FamilyConfig.builder().setFamily(FAMILY).setImageSize(64).setPatchSize(8).setWidth(192).setDepth(6)
                .setHeads(3).optClipLength(4).optTubelet(2).optOptions(Map.of("steps", "900", "batch", "64",
                        "lr", "1.5e-3", "maskRatio", "0.9", "decoderWidth", "96", "decoderDepth", "2",
                        "decoderHeads", "3", "frameStride", "1"))
                .build();
    }

    public static FamilyModel create(FamilyConfig config, long seed) {
        if (!FAMILY.equals(config.family())) {
            throw new IllegalArgumentException("not a " + FAMILY + " config: " + config.family());
        }
        return new VideoMaeModel(config, seed);
    }

    @Override
    public FamilyConfig config() {
        return config;
    }

    @Override
    public Parameters trained() {
        return trained;
    }

    /** Draws a clip batch, then the tube masks, from {@code rng}. */
    @Override
    public StepLoss objectiveLoss(PretrainData data, int batchSize, int step, SplittableRandom rng, NDManager scope) {
        VitConfig c = encoder.config();
        NDArray pixels = data.clips(rng, batchSize, c.clipLength(), frameStride).pixels(scope);
        TokenMasks masks = TokenMasks.tube(batchSize, c.tokenSteps(), c.tokensPerStep(), maskRatio, rng);
        NDArray visible = VisionTransformer.keepTokens(encoder.embed(pixels), masks.visibleArray(scope));
        NDArray encoded = encoder.forwardTokens(visible, c.depth()).get(c.depth());
        NDArray predicted = decoder.predictHidden(encoded, masks, scope);
        NDArray target = VisionTransformer.keepTokens(normalisedTubelets(pixels), masks.maskedArray(scope));
        NDArray loss = predicted.sub(target).square().mean();
        return new StepLoss(loss, Map.of("pixels", loss));
    }

    /**
     * The reconstruction target: flattened tubelets [B, L, patchDim] ({@link VisionTransformer#patchify} layout,
     * frame-channel-row-column), each channel of each tubelet standardised over its frames and pixels with the
     * unbiased variance and eps 1e-6 on the standard deviation, as VideoMAE's pretraining engine does.
     */
    NDArray normalisedTubelets(NDArray pixels) {
        VitConfig c = encoder.config();
        long b = pixels.getShape().get(0);
        int area = c.patchSize() * c.patchSize();
        int n = c.tubelet() * area;
        // [B, L, tubelet, C, p*p] -> [B, L, C, tubelet * p*p]: the statistics run over one axis
        NDArray t = encoder.patchify(pixels).reshape(b, c.tokenCount(), c.tubelet(), c.channels(), area)
                .transpose(0, 1, 3, 2, 4).reshape(b, c.tokenCount(), c.channels(), n);
        NDArray centred = t.sub(t.mean(new int[]{3}, true));
        NDArray std = Scalars.div(centred.square().sum(new int[]{3}, true), n - 1).sqrt().add(1e-6);
        return centred.div(std).reshape(b, c.tokenCount(), c.channels(), c.tubelet(), area)
                .transpose(0, 1, 3, 2, 4).reshape(b, c.tokenCount(), c.patchDim());
    }

    /**
     * Every tubelet of the clip reconstructed by the pretrained decoder while it is hidden, as in pretraining: rounds
     * of tube masks at the pretraining ratio whose hidden sets together cover the grid (a fixed permutation cut into
     * consecutive windows of the hidden count, the last window wrapping), each tubelet taken from the first round
     * that hides it. A visible token's decoder output was never trained, so an unmasked pass would not be the
     * model's reconstruction. The decoder predicts tubelets normalised per channel (norm_pix_loss), so each is mapped
     * back with the original tubelet's own per-channel mean and std, as VideoMAE's visualisation script does: the
     * figure measures structure within tubelets given their mean and contrast (6 of 384 values at the defaults).
     */
    @Override
    public NDArray reconstructLast(NDArray pixels) {
        VitConfig c = encoder.config();
        int b = Math.toIntExact(pixels.getShape().get(0));
        int n = c.tokensPerStep();
        int hide = Math.max(1, Math.min(n - 1, (int) Math.round(n * maskRatio)));
        int[] order = TokenMasks.permutation(n, new SplittableRandom(RECONSTRUCTION_SEED));
        int dim = c.patchDim();
        float[] predicted = new float[b * c.tokenCount() * dim];
        boolean[] done = new boolean[n];
        NDManager scope = pixels.getManager();
        NDArray embedded = encoder.embed(pixels);
        for (int start = 0; start < n; start += hide) {
            boolean[] hidden = new boolean[n];
            for (int i = 0; i < hide; i++) {
                hidden[order[(start + i) % n]] = true;
            }
            TokenMasks masks = sameForEvery(b, hidden, c.tokenSteps());
            NDArray visible = VisionTransformer.keepTokens(embedded, masks.visibleArray(scope));
            NDArray encoded = encoder.forwardTokens(visible, c.depth()).get(c.depth());
            float[] out = decoder.predictHidden(encoded, masks, scope).toFloatArray();
            long[] rows = masks.masked()[0];
            for (int j = 0; j < rows.length; j++) {
                int position = (int) (rows[j] % n);
                if (done[position]) {
                    continue;
                }
                for (int s = 0; s < b; s++) {
                    System.arraycopy(out, (s * rows.length + j) * dim, predicted, (int) ((s * c.tokenCount()
                            + rows[j]) * dim), dim);
                }
            }
            for (int p = 0; p < n; p++) {
                done[p] |= hidden[p];
            }
        }
        return lastFrame(scope.create(predicted, new Shape(b, c.tokenCount(), dim)), pixels);
    }

    /** One tube mask for every sample: {@code hidden} positions hidden at every token step. */
    private static TokenMasks sameForEvery(int batch, boolean[] hidden, int steps) {
        int n = hidden.length;
        int m = 0;
        for (boolean h : hidden) {
            m += h ? 1 : 0;
        }
        long[] visible = new long[(n - m) * steps];
        long[] masked = new long[m * steps];
        int v = 0;
        int k = 0;
        for (int s = 0; s < steps; s++) {
            for (int p = 0; p < n; p++) {
                if (hidden[p]) {
                    masked[k++] = (long) s * n + p;
                } else {
                    visible[v++] = (long) s * n + p;
                }
            }
        }
        long[][] vis = new long[batch][];
        long[][] mask = new long[batch][];
        for (int i = 0; i < batch; i++) {
            vis[i] = visible;
            mask[i] = masked;
        }
        return new TokenMasks(vis, mask);
    }

    /**
     * Normalised tubelets [B, L, patchDim] (the {@link #normalisedTubelets} layout) mapped back with the per-channel
     * tubelet statistics of {@code pixels}, and the clip's last frame put together from the last token step:
     * [B, 3, S, S].
     */
    NDArray lastFrame(NDArray tubelets, NDArray pixels) {
        VitConfig c = encoder.config();
        long b = pixels.getShape().get(0);
        int p = c.patchSize();
        int g = c.gridSide();
        int area = p * p;
        int n = c.tubelet() * area;
        NDArray t = encoder.patchify(pixels).reshape(b, c.tokenCount(), c.tubelet(), c.channels(), area)
                .transpose(0, 1, 3, 2, 4).reshape(b, c.tokenCount(), c.channels(), n);
        NDArray mean = t.mean(new int[]{3}, true);
        NDArray std = Scalars.div(t.sub(mean).square().sum(new int[]{3}, true), n - 1).sqrt().add(1e-6);
        NDArray restored = tubelets.reshape(b, c.tokenCount(), c.tubelet(), c.channels(), area)
                .transpose(0, 1, 3, 2, 4).reshape(b, c.tokenCount(), c.channels(), n).mul(std).add(mean)
                .reshape(b, c.tokenSteps(), c.tokensPerStep(), c.channels(), c.tubelet(), area);
        // last token step, last frame of its tubelet: [B, N, C, p*p] -> [B, C, g*p, g*p]
        NDArray last = restored.get(":, " + (c.tokenSteps() - 1) + ", :, :, " + (c.tubelet() - 1) + ", :");
        return last.reshape(b, g, g, c.channels(), p, p).transpose(0, 3, 1, 4, 2, 5)
                .reshape(b, c.channels(), (long) g * p, (long) g * p);
    }

    /** The encoder on the full clip (no mask). */
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
        return encoder.forward(pixels, config.depth()).get(config.depth()).mean(new int[]{1});
    }

    @Override
    public int featureWidth() {
        return config.width();
    }

    @Override
    public int tokensPerStep() {
        return encoder.config().tokensPerStep();
    }

    @Override
    public long encoderParameterCount() {
        return encoder.parameterCount();
    }

    /** Parameters of the decoder that are used (its unused patch embedding left out). */
    public long decoderParameterCount() {
        return decoder.parameterCount();
    }

    @Override
    public int framesPerStep(int batchSize) {
        return batchSize * config.clipLength();
    }

    /**
     * The tubelet embedding of the whole clip, the encoder blocks on the visible tokens only, and the decoder (see
     * {@link VideoMaeDecoder#flopsPerClip}); 2 FLOPs per multiply-add of the linear layers and attention products.
     */
    @Override
    public double forwardFlopsPerStep(int batchSize) {
        VitConfig c = encoder.config();
        int visible = visibleTokens();
        double embed = 2.0 * c.tokenCount() * c.patchDim() * c.width();
        double blocks = c.depth() * blockFlops(visible, c.width(), c.mlpHidden());
        return batchSize * (embed + blocks + decoder.flopsPerClip(visible, c.tokenCount()));
    }

    /** Tokens the encoder reads per clip in pretraining (every tube mask of a ratio keeps the same number). */
    int visibleTokens() {
        VitConfig c = encoder.config();
        return TokenMasks.tube(1, c.tokenSteps(), c.tokensPerStep(), maskRatio, new SplittableRandom(0))
                .visible()[0].length;
    }

    /** One pre-norm transformer block on {@code tokens} tokens: qkv, projection, MLP, and the two attention products. */
    static double blockFlops(int tokens, int width, int mlpHidden) {
        double l = tokens;
        return 2.0 * l * width * (4.0 * width + 2.0 * mlpHidden) + 4.0 * l * l * width;
    }

    @Override
    public void close() {
        trained.close();
        manager.close();
    }
}
