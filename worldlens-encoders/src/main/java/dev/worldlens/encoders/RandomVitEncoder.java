package dev.worldlens.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.vit.VisionTransformer;
import dev.worldlens.nn.vit.VitConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The random-init baseline: a {@link VisionTransformer} with ViT/MAE-style initialisation from a seed and no
 * training, read out at any layer. Frames are resized to the config's image size and normalised with ImageNet's
 * mean/std. Layer 0 is the patch embedding plus sin-cos position embedding, 1..depth the block outputs (the last one
 * after the final LayerNorm). Deterministic for a seed on the CPU at a fixed thread count.
 */
public final class RandomVitEncoder implements Encoder {
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    /** Clips per forward batch (each batch runs in its own NDManager scope). */
    public static final int DEFAULT_BATCH = 64;

    private final VitConfig config;
    private final long seed;
    private final int batchSize;
    private final NDManager manager;
    private final Parameters parameters;
    private final VisionTransformer vit;
    private final ImagePreprocessor preprocessor;
    private final EncoderCard card;

    public RandomVitEncoder(VitConfig config, long seed) {
        this(config, seed, DEFAULT_BATCH);
    }

    public RandomVitEncoder(VitConfig config, long seed, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.config = config;
        this.seed = seed;
        this.batchSize = batchSize;
        this.manager = Torch.newManager();
        this.parameters = new Parameters(manager);
        this.vit = VisionTransformer.create(config, parameters, seed);
        this.preprocessor = new ImagePreprocessor(config.imageSize(), config.imageSize(), IMAGENET_MEAN,
                IMAGENET_STD);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("parameters", Long.toString(vit.parameterCount()));
        props.put("patchSize", Integer.toString(config.patchSize()));
        props.put("depth", Integer.toString(config.depth()));
        props.put("heads", Integer.toString(config.heads()));
        props.put("mlpRatio", Integer.toString(config.mlpRatio()));
        props.put("seed", Long.toString(seed));
        props.put("gflopsPerClip", String.format(Locale.ROOT, "%.4f", vit.flopsPerClip() / 1e9));
        props.put("init", "normal(0.02) weights, zero biases, LN 1/0");
        props.put("positionEmbedding", config.tokenSteps() > 1 ? "sincos-3d" : "sincos-2d");
        this.card = new EncoderCard("random-vit-" + config.tag() + "-seed" + seed, "random-vit",
                config.imageSize(), config.imageSize(), IMAGENET_MEAN, IMAGENET_STD, config.clipLength(),
                config.tubelet(), config.tokensPerStep(), config.width(), config.depth(), props);
    }

    public VitConfig config() {
        return config;
    }

    public long seed() {
        return seed;
    }

    public VisionTransformer model() {
        return vit;
    }

    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    @Override
    public EncoderCard card() {
        return card;
    }

    @Override
    public List<Tokens> encode(List<Clip> clips, int layer) {
        int resolved = card.resolveLayer(layer);
        int steps = config.tokenSteps();
        int count = config.tokensPerStep();
        int d = config.width();
        int perClip = steps * count * d;
        List<Tokens> out = new ArrayList<>(clips.size());
        for (int from = 0; from < clips.size(); from += batchSize) {
            List<Clip> batch = clips.subList(from, Math.min(clips.size(), from + batchSize));
            float[] pixels = preprocessor.clipsToArray(batch, config.clipLength());
            float[] values;
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(pixels, new ai.djl.ndarray.types.Shape(batch.size(), config.clipLength(),
                        config.channels(), config.imageSize(), config.imageSize()));
                List<NDArray> layers = vit.forward(x, resolved);
                values = layers.get(resolved).toFloatArray();
            }
            for (int b = 0; b < batch.size(); b++) {
                float[] data = new float[perClip];
                System.arraycopy(values, b * perClip, data, 0, perClip);
                out.add(new Tokens(steps, count, d, data));
            }
        }
        return out;
    }

    @Override
    public void close() {
        parameters.close();
        manager.close();
    }
}
