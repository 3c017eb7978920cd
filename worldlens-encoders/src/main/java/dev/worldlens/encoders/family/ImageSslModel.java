package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Scalars;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.StepLoss;
import dev.worldlens.nn.vit.VisionTransformer;
import dev.worldlens.nn.vit.VitConfig;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The image-only self-supervised family ("image-ssl", the Web-DINO/SigLIP tier of the study): a ViT reads single
 * frames and is trained contrastively, SimCLR-style (Chen et al. 2020, with the ViT recipe of MoCo v3, Chen, Xie &amp;
 * He 2021): two augmented views of each frame ({@link ViewAugmentation}) go through the encoder, the mean-pooled
 * last-layer tokens through a projection head (Linear, batch norm, GELU, Linear, batch norm), and the symmetric
 * InfoNCE (NT-Xent) loss at temperature tau pulls each view towards its partner and away from the 2B - 2 other views
 * of the batch.
 *
 * <p>Why contrastive rather than DINO self-distillation: DINO avoids collapse only through a balance of teacher
 * centring, teacher sharpening and an EMA momentum (its paper shows either one alone collapses), tuned for hundreds
 * of epochs with many local crops per image; a run of a few minutes gives that balance no time to settle, and a
 * collapsed teacher leaves a flat loss that says nothing. InfoNCE needs no teacher: the negatives in the batch make
 * the constant solution cost log(2B - 1), the chance level, and one forward pass per view is all a step costs.
 * What can still trap a small ViT is the uniform solution (every view alike, loss stuck at chance), which the
 * batch-normed head prevents (see {@link #project}). MoCo v3's momentum encoder mainly serves its large-batch,
 * long-schedule regime; at batch 32 every negative is in the batch, so it is left out.
 *
 * <p>The probed encoder is the ViT under the prefix "enc."; the projection head ("proj.") is discarded for probing,
 * as in SimCLR. Options: steps, batch, lr (pretraining defaults), temperature (0.2, MoCo v3's ViT setting),
 * projHidden (512), projDim (128), cropMinScale (0.3: MoCo v3 crops down to 8%, which at 64 px leaves a few patches
 * around the gripper; DINO's global crops start at 40%).
 */
public final class ImageSslModel implements FamilyModel {
    public static final String FAMILY = "image-ssl";

    private final FamilyConfig config;
    private final NDManager manager;
    private final Parameters trained;
    private final VisionTransformer encoder;
    private final Linear projIn;
    private final Linear projOut;
    private final NDArray bnGamma;
    private final NDArray bnBeta;
    private final ViewAugmentation augmentation;
    private final double temperature;

    private ImageSslModel(FamilyConfig config, long seed) {
        if (config.clipLength() != 1 || config.tubelet() != 1) {
            throw new IllegalArgumentException(FAMILY + " reads single frames; got clip " + config.clipLength()
                    + " / tubelet " + config.tubelet());
        }
        this.config = config;
        this.manager = Torch.newManager();
        this.trained = new Parameters(manager);
        SplittableRandom rng = new SplittableRandom(seed);
        this.encoder = VisionTransformer.create(vitConfig(config), trained, rng.nextLong(), "enc.");
        int hidden = config.option("projHidden", 512);
        int out = config.option("projDim", 128);
        SplittableRandom head = rng.split();
        // MoCo v3 / timm heads: normal(0.02) weights and zero biases, like the trunk
        this.projIn = new Linear(trained.normal("proj.fc1.weight", 0.02, head, hidden, config.width()),
                trained.constant("proj.fc1.bias", 0f, hidden));
        this.bnGamma = trained.constant("proj.bn1.g", 1f, hidden);
        this.bnBeta = trained.constant("proj.bn1.b", 0f, hidden);
        this.projOut = new Linear(trained.normal("proj.fc2.weight", 0.02, head, out, hidden),
                trained.constant("proj.fc2.bias", 0f, out));
        this.augmentation = ViewAugmentation.standard(config.option("cropMinScale", 0.3));
        this.temperature = config.option("temperature", 0.2);
    }

    /**
     * 64 px frames, patch 8 (64 tokens), width 192, depth 6, 3 heads: the trunk of the random-init baseline
     * ({@code VitConfig.small64}, 2.71 M encoder parameters), so the two differ only by training. A step of batch
     * 32 (64 views, 23 GFLOP forward) took 1.14 s of CPU with one thread and 0.84 s of wall time with two on a
     * lightly shared machine (SslFamiliesBenchmark), so 800 steps take about ten minutes. Peak rate 5e-4, a
     * quarter of what trains at tiny size, because ViTs train contrastively less stably at high rates (MoCo v3's
     * finding). At this size and rate the loss fell from 4.94 to 3.9 in the first 60 steps on synthetic episodes,
     * and to 3.2 by step 100 on 30 Tabletop episodes (log(63) = 4.14 is chance).
     */
    public static FamilyConfig defaults() {
        return FamilyConfig.builder().setFamily(FAMILY).setImageSize(64).setPatchSize(8).setWidth(192).setDepth(6)
                .setHeads(3).optOptions(Map.of("steps", "800", "batch", "32", "lr", "5e-4", "temperature", "0.2",
                        "projHidden", "512", "projDim", "128", "cropMinScale", "0.3"))
                .build();
    }

    public static FamilyModel create(FamilyConfig config, long seed) {
        return new ImageSslModel(config, seed);
    }

    static VitConfig vitConfig(FamilyConfig config) {
        return VitConfig.builder().setImageSize(config.imageSize()).setPatchSize(config.patchSize())
                .setWidth(config.width()).setDepth(config.depth()).setHeads(config.heads()).build();
    }

    @Override
    public FamilyConfig config() {
        return config;
    }

    @Override
    public Parameters trained() {
        return trained;
    }

    /**
     * NT-Xent on two views of {@code batchSize} frames: rows i and i + B of the [2B, 2B] cosine-similarity matrix
     * (divided by tau, self-similarity excluded) are each other's positives.
     */
    @Override
    public StepLoss objectiveLoss(PretrainData data, int batchSize, int step, SplittableRandom rng,
                                  NDManager scope) {
        int s = config.imageSize();
        int frame = 3 * s * s;
        float[] frames = data.clips(rng, batchSize, 1, 1).pixels();
        float[] views = new float[2 * batchSize * frame];
        for (int b = 0; b < batchSize; b++) {
            augmentation.apply(frames, b * frame, s, rng, views, b * frame);
            augmentation.apply(frames, b * frame, s, rng, views, (batchSize + b) * frame);
        }
        NDArray pixels = scope.create(views, new Shape(2L * batchSize, 1, 3, s, s));
        NDArray z = project(pooledFeatures(pixels));
        NDArray unit = z.div(z.square().sum(new int[]{1}, true).add(1e-12).sqrt());
        int n = 2 * batchSize;
        NDArray self = Scalars.mul(scope.eye(n), 1e9);
        NDArray logits = Scalars.div(unit.matMul(unit.transpose()), temperature).sub(self);
        float[] partner = new float[n * n];
        for (int i = 0; i < n; i++) {
            partner[i * n + (i + batchSize) % n] = 1f;
        }
        NDArray positives = scope.create(partner, new Shape(n, n));
        NDArray loss = Scalars.div(logits.logSoftmax(1).mul(positives).sum(), -n);
        return new StepLoss(loss, Map.of("infonce", loss));
    }

    /**
     * The projection head of SimCLR v2 / MoCo v3: Linear, batch norm, GELU, Linear, batch norm without affine. The
     * batch norms matter here: a small ViT's mean-pooled features are nearly the same vector for every frame (the
     * shared position embeddings and background dominate the mean), and without centring over the batch every
     * cosine similarity starts near 1, the InfoNCE gradient is tiny, and training slides into the uniform solution
     * (loss log(2B - 1)) at any but the smallest learning rates. The statistics are those of the current batch
     * (both views together, so positives cannot recognise each other by batch statistics); the head is only used
     * in training, so no running averages are kept.
     */
    private NDArray project(NDArray pooled) {
        NDArray h = batchNorm(projIn.forward(pooled)).mul(bnGamma).add(bnBeta);
        return batchNorm(projOut.forward(Activation.gelu(h)));
    }

    private static NDArray batchNorm(NDArray x) {
        NDArray centred = x.sub(x.mean(new int[]{0}, true));
        return centred.div(centred.square().mean(new int[]{0}, true).add(1e-5).sqrt());
    }

    @Override
    public int framesPerStep(int batchSize) {
        return batchSize;
    }

    /** Both views through the encoder, the head on 2B pooled vectors, and the [2B, 2B] similarity product. */
    @Override
    public double forwardFlopsPerStep(int batchSize) {
        double views = 2.0 * batchSize;
        double head = 2.0 * (projIn.weightCount() + projOut.weightCount());
        return views * (encoder.flopsPerClip() + head) + 2.0 * views * views * projOut.out();
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
        List<NDArray> out = encoder.forward(pixels, config.depth());
        return out.get(config.depth()).mean(new int[]{1});
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

    @Override
    public void close() {
        trained.close();
        manager.close();
    }
}
