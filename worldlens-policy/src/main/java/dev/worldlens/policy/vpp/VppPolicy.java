package dev.worldlens.policy.vpp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Standardizer;
import dev.worldlens.nn.Torch;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.Policy;
import dev.worldlens.policy.VisualFeatures;
import dev.worldlens.policy.head.DiffusionActionHead;
import dev.worldlens.policy.head.VideoFormer;
import dev.worldlens.policy.language.MiniLmInstructions;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Video Prediction Policy's stage 2: frozen visual features (VPP's predictive features, or a non-predictive
 * encoder for the baselines) -> Video Former -> diffusion action head -> an action chunk [H][A], clipped to [-1, 1].
 * The caller owns the features (several policies may share them); closing the policy frees its own weights.
 *
 * <p>The feature tokens may be standardised per channel first ({@link #standardiseFeatures}, which the trainer does
 * with its training samples' statistics): frozen features come in any scale (the state oracle mixes positions in
 * metres, unwrapped yaws and 0/1 flags), and the Former's small initial weights read small differences in a
 * large-valued channel slowly.
 *
 * <p>Saved as a folder: {@code policy.json} (the config, the feature grid it was built for and the feature
 * statistics, if any) and {@code weights.bin}. Sampling noise comes from the config's seed, restarted by
 * {@link #reset()}, so a closed-loop rollout is repeatable.
 */
public final class VppPolicy implements Policy {
    public static final String CONFIG_FILE = "policy.json";
    public static final String WEIGHTS_FILE = "weights.bin";
    private static final long NOISE_STREAM = 0x5DEECE66DL;

    private final VppConfig config;
    private final VisualFeatures features;
    private final NDManager manager;
    private final Parameters params;
    private final VideoFormer former;
    private final DiffusionActionHead head;
    private SplittableRandom noise;
    private Standardizer featureStats;
    private NDArray featureMean;
    private NDArray featureStd;

    private VppPolicy(VppConfig config, VisualFeatures features) {
        this.config = config;
        this.features = features;
        this.manager = Torch.newManager();
        this.params = new Parameters(manager);
        SplittableRandom rng = new SplittableRandom(config.seed());
        this.former = VideoFormer.create(config.former(), features.frames(), features.tokensPerFrame(),
                features.channels(), params, "former.", rng.split());
        this.head = DiffusionActionHead.create(config.head(), config.former().width(), config.vocabulary(),
                config.instructions().equals(MiniLmInstructions.NAME) ? MiniLmInstructions.shared() : null, params,
                "head.", rng.split());
        reset();
    }

    /** A policy with fresh weights drawn from the config's seed. */
    public static VppPolicy create(VppConfig config, VisualFeatures features) {
        return new VppPolicy(config, features);
    }

    public VppConfig config() {
        return config;
    }

    public VisualFeatures features() {
        return features;
    }

    /** The trained weights (Video Former and head). */
    public Parameters parameters() {
        return params;
    }

    public VideoFormer former() {
        return former;
    }

    public DiffusionActionHead head() {
        return head;
    }

    /**
     * From now on every feature token is read as (token - mean) / std per channel; the statistics (one value per
     * feature channel) are saved with the policy. Set them before training: the weights learn the scale they see.
     */
    public void standardiseFeatures(Standardizer stats) {
        if (stats.width() != features.channels()) {
            throw new IllegalArgumentException("feature statistics of " + stats.width() + " channels, the features "
                    + "have " + features.channels());
        }
        if (featureMean != null) {
            featureMean.close();
            featureStd.close();
        }
        featureStats = stats;
        featureMean = manager.create(stats.mean());
        featureStd = manager.create(stats.std());
    }

    /** The per-channel feature statistics in use, or null when the tokens are read as they come. */
    public Standardizer featureStats() {
        return featureStats;
    }

    private NDArray standardised(NDArray featureTokens) {
        return featureStats == null ? featureTokens : featureTokens.sub(featureMean).div(featureStd);
    }

    @Override
    public void reset() {
        noise = new SplittableRandom(config.seed() ^ NOISE_STREAM);
    }

    @Override
    public float[][] act(Observation observation) {
        return sample(List.of(observation), noise)[0];
    }

    /** Chunks [B][H][A] for a batch of observations, sampling noise drawn from {@code rng}. */
    public float[][][] sample(List<Observation> batch, SplittableRandom rng) {
        List<String> instructions = new ArrayList<>();
        for (Observation o : batch) {
            instructions.add(o.instruction());
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray tokens = features.tokens(scope, batch);
            tokens.attach(scope);
            return toChunks(chunks(tokens, instructions, rng));
        }
    }

    /** Sampled chunks [B, H, A] (not yet clipped) from feature tokens, on the tokens' manager. */
    public NDArray chunks(NDArray featureTokens, List<String> instructions, SplittableRandom rng) {
        NDArray context = head.context(former.forward(standardised(featureTokens)), instructions);
        return head.sample(context, rng);
    }

    /** EDM's training loss of the head and Former on feature tokens and the demonstrated chunks [B, H, A]. */
    public NDArray loss(NDArray featureTokens, List<String> instructions, NDArray actions, SplittableRandom rng) {
        return head.loss(head.context(former.forward(standardised(featureTokens)), instructions), actions, rng);
    }

    /** A [B, H, A] array as chunks, every value clipped to the action range [-1, 1]; NaN is refused. */
    public static float[][][] toChunks(NDArray chunks) {
        Shape s = chunks.getShape();
        int b = Math.toIntExact(s.get(0));
        int h = Math.toIntExact(s.get(1));
        int a = Math.toIntExact(s.get(2));
        float[] v = chunks.toFloatArray();
        float[][][] out = new float[b][h][a];
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < h; t++) {
                for (int d = 0; d < a; d++) {
                    float x = v[(i * h + t) * a + d];
                    if (Float.isNaN(x)) {
                        throw new IllegalStateException("the action head sampled NaN (sample " + i + ", step " + t
                                + ", dimension " + d + "): its weights have diverged or the features hold NaN");
                    }
                    out[i][t][d] = Math.max(-1f, Math.min(1f, x));
                }
            }
        }
        return out;
    }

    /** Writes policy.json and weights.bin into {@code dir} (each atomically). */
    public void save(Path dir) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("config", config);
        doc.put("features", featureGrid(features));
        if (featureStats != null) {
            doc.put("featureStats", Map.of("mean", featureStats.mean(), "std", featureStats.std()));
        }
        try {
            Files.createDirectories(dir);
            AtomicFiles.writeString(dir.resolve(CONFIG_FILE), Json.JSON.writeValueAsString(doc));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(CONFIG_FILE) + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(dir.resolve(WEIGHTS_FILE), tmp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                params.save(out);
            }
        });
    }

    /** Loads a saved policy over {@code features}, which must give the feature grid it was trained on. */
    public static VppPolicy load(Path dir, VisualFeatures features) {
        Path file = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, "policy", "missing: not a saved VPP policy folder");
        }
        VppConfig config;
        Standardizer stats = null;
        try {
            JsonNode doc = Json.JSON.readTree(file.toFile());
            if (!doc.has("config") || !doc.has("features")) {
                throw new InvalidInputException(file, "config", "expected fields 'config' and 'features'");
            }
            config = Json.JSON.treeToValue(doc.get("config"), VppConfig.class);
            if (doc.has("featureStats")) {
                stats = new Standardizer(Json.JSON.treeToValue(doc.get("featureStats").get("mean"), float[].class),
                        Json.JSON.treeToValue(doc.get("featureStats").get("std"), float[].class));
            }
            Map<String, Integer> want = featureGrid(features);
            for (Map.Entry<String, Integer> e : want.entrySet()) {
                JsonNode saved = doc.get("features").get(e.getKey());
                if (saved == null || saved.asInt() != e.getValue()) {
                    throw new InvalidInputException(file, "features." + e.getKey(), "the policy was trained on "
                            + doc.get("features") + ", the given features give " + want);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(file, "policy", "is not a valid policy description: " + e.getMessage(), e);
        }
        VppPolicy policy = new VppPolicy(config, features);
        if (stats != null) {
            policy.standardiseFeatures(stats);
        }
        Path weights = dir.resolve(WEIGHTS_FILE);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(weights), 1 << 16)) {
            policy.params.load(in, weights.toString());
        } catch (IOException e) {
            policy.close();
            throw new InvalidInputException(weights, "weights", "cannot be read: " + e.getMessage(), e);
        }
        return policy;
    }

    private static Map<String, Integer> featureGrid(VisualFeatures f) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("frames", f.frames());
        m.put("tokensPerFrame", f.tokensPerFrame());
        m.put("channels", f.channels());
        return m;
    }

    @Override
    public void close() {
        params.close();
        manager.close();
    }
}
