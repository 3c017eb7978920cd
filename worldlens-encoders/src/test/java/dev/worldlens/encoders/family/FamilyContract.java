package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.worldlens.nn.train.RecordingProgress;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.Progress;
import dev.worldlens.encoders.EncoderCard;
import dev.worldlens.nn.train.Checkpoint;
import dev.worldlens.nn.train.LossLog;
import dev.worldlens.nn.train.TrainingConfig;
import dev.worldlens.nn.train.TrainingLoop;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every built-in family must do, checked at tiny size on {@link SyntheticEpisodes}: its loss falls over a few
 * dozen steps, a checkpoint reloads to the same encoder outputs, a run resumed after an interruption ends with the
 * same weights as an uninterrupted one, and every layer encodes to finite tokens deterministically.
 */
public final class FamilyContract {
    /** Builds a fresh model for a config and seed. */
    public interface Factory {
        FamilyModel create(FamilyConfig config, long seed);
    }

    /**
     * How far a resumed run's weights may lie from an uninterrupted run's: mean and largest absolute difference.
     * Resumes are meant to be bit-identical. Before {@code Scalars}, now and then they were not: DJL's mul(Number)
     * let the garbage collector free a scalar that the backward pass still read, and Adam, which normalises step
     * sizes, turned that into differences of up to a few 1e-4 on single weights with near-zero gradients (seen:
     * 2.3e-4 image-ssl, 1.5e-5 vae), and the mean up to 1.6e-6 (vae in CI, max 1.2e-4). The bounds keep that margin
     * for a CPU whose kernels round differently. A resume that lost the optimizer state or the
     * batch order moves the mean far more: the control run below, the same 20 steps on other batches, must exceed
     * ten times the mean bound (measured 5.8e-4 to 7.4e-3, so the bound still separates them by 50x or more).
     */
    static final double RESUME_MEAN = 1e-5;
    static final double RESUME_MAX = 1e-3;

    private final Factory factory;
    private final FamilyConfig config;
    private final int batch;
    private final double learningRate;
    private final PretrainData data;

    public FamilyContract(Factory factory, FamilyConfig config, int batch, double learningRate) {
        this.factory = factory;
        this.config = config;
        this.batch = batch;
        this.learningRate = learningRate;
        EpisodeSource source = SyntheticEpisodes.create(6, 12, config.imageSize(), 0);
        this.data = PretrainData.load(source, SyntheticEpisodes.all(source), "top", config.imageSize(),
                Progress.Bar.NONE);
    }

    public PretrainData data() {
        return data;
    }

    public String family() {
        return config.family();
    }

    private TrainingConfig training(int steps) {
        return training(steps, 11);
    }

    private TrainingConfig training(int steps, long seed) {
        return TrainingConfig.builder().setSteps(steps).setLearningRate(learningRate).setSeed(seed).optWarmupSteps(2)
                .optLrFloor(0.1).optWeightDecay(0.0).optLogEvery(5).optCheckpointEvery(10).build();
    }

    /** Mean and largest absolute difference. */
    static double[] distance(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double sum = 0;
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            sum += d;
            max = Math.max(max, d);
        }
        return new double[] {sum / a.length, max};
    }

    /** Trains {@code steps} steps; the mean loss of the last 5 steps must be below {@code ratio} times the first 5's. */
    public double[] lossFalls(Path dir, int steps, double ratio) {
        try (FamilyModel model = factory.create(config, 1)) {
            new TrainingLoop(training(steps)).run(new PretrainObjective(model, data, batch, null, 0), dir);
        }
        double[] total = LossLog.read(dir.resolve(LossLog.FILE)).get("total");
        double first = total[0];
        double last = total[total.length - 1];
        assertTrue(last < ratio * first, config.family() + " loss " + first + " -> " + last + " (wanted below "
                + ratio + "x)");
        return total;
    }

    /** A model rebuilt from the config and loaded from a checkpoint encodes exactly as the trained one. */
    public void checkpointRoundTrips(Path dir) {
        float[] trained;
        try (FamilyModel model = factory.create(config, 1)) {
            new TrainingLoop(training(10)).run(new PretrainObjective(model, data, batch, null, 0), dir);
            trained = encode(model, model.layers());
        }
        try (FamilyModel fresh = factory.create(config, 99)) {
            Checkpoint.loadWeights(Checkpoint.latest(dir), fresh.trained());
            assertArrayEquals(trained, encode(fresh, fresh.layers()), config.family() + " after reload");
        }
    }

    /** Interrupted at step 13 (checkpoint at 10) and resumed to 20 equals 20 uninterrupted steps. */
    public void resumeMatchesUninterrupted(Path dir) {
        float[] straight;
        try (FamilyModel model = factory.create(config, 1)) {
            new TrainingLoop(training(20)).run(new PretrainObjective(model, data, batch, null, 0), dir.resolve("a"));
            straight = weights(model);
        }
        try (FamilyModel model = factory.create(config, 1)) {
            assertThrows(IllegalStateException.class, () -> new TrainingLoop(training(20)).run(
                    new PretrainObjective(model, data, batch, null, 0), dir.resolve("b"),
                    RecordingProgress.interruptAt("train", 13), "train"));
        }
        try (FamilyModel model = factory.create(config, 1)) {
            TrainingLoop.Outcome o = new TrainingLoop(training(20)).run(new PretrainObjective(model, data, batch,
                    null, 0), dir.resolve("b"));
            assertEquals(10, o.resumedFrom());
            double[] d = distance(straight, weights(model));
            assertTrue(d[0] <= RESUME_MEAN && d[1] <= RESUME_MAX, config.family() + " resumed weights: mean "
                    + d[0] + ", max " + d[1]);
        }
        try (FamilyModel model = factory.create(config, 1)) {
            new TrainingLoop(training(20, 12)).run(new PretrainObjective(model, data, batch, null, 0),
                    dir.resolve("control"));
            double[] c = distance(straight, weights(model));
            System.out.printf("%s resume control (other batches): mean %.3g, max %.3g%n", config.family(), c[0],
                    c[1]);
            assertTrue(c[0] > 10 * RESUME_MEAN, config.family() + ": the bound must tell other batches apart, "
                    + "mean " + c[0]);
        }
    }

    /**
     * A run's untrained twin ({@link TrainedEncoder#untrained}) has exactly the trained encoder's architecture and
     * input (card, parameter names and shapes) and exactly the weights the run started from.
     */
    public void untrainedTwinMatches(Path dir) {
        float[] start;
        try (FamilyModel model = factory.create(config, 1)) {
            start = weights(model);
            new TrainingLoop(training(10)).run(new PretrainObjective(model, data, batch, null, 0), dir);
        }
        new TrainedModelSpec(config, 1, "", 0, data.actionDim(), 10).write(dir);
        try (TrainedEncoder trained = TrainedEncoder.open(dir, factory::create);
             TrainedEncoder twin = TrainedEncoder.untrained(dir, factory::create)) {
            EncoderCard a = trained.card();
            EncoderCard b = twin.card();
            assertEquals(List.of(a.family(), a.inputWidth(), a.inputHeight(), a.clipLength(), a.tubelet(),
                    a.tokensPerStep(), a.width(), a.layers()), List.of(b.family(), b.inputWidth(), b.inputHeight(),
                    b.clipLength(), b.tubelet(), b.tokensPerStep(), b.width(), b.layers()), config.family());
            assertEquals(shapes(trained.model()), shapes(twin.model()), config.family() + " parameters");
            assertEquals("0", b.properties().get("steps"));
            assertArrayEquals(start, weights(twin.model()), config.family() + ": the twin starts where the run did");
            assertTrue(distance(start, weights(trained.model()))[0] > 0, config.family() + " trained");
        }
    }

    private static Map<String, List<Long>> shapes(FamilyModel model) {
        Map<String, List<Long>> out = new java.util.TreeMap<>();
        model.trained().all().forEach((name, a) -> out.put(name, java.util.Arrays.stream(a.getShape().getShape())
                .boxed().toList()));
        return out;
    }

    /** Every layer gives finite tokens [B, L, D], the same twice; pooled features have the declared width. */
    public void encodesEveryLayer() {
        try (FamilyModel model = factory.create(config, 3)) {
            for (int layer = 0; layer <= model.layers(); layer++) {
                float[] a = encode(model, layer);
                for (float v : a) {
                    assertTrue(Float.isFinite(v), config.family() + " layer " + layer + " has " + v);
                }
                assertArrayEquals(a, encode(model, layer), config.family() + " layer " + layer + " deterministic");
            }
            try (NDManager scope = model.trained().manager().newSubManager()) {
                NDArray px = data.clips(new SplittableRandom(5), 2, model.clipLength(), 1).pixels(scope);
                NDArray pooled = model.pooledFeatures(px);
                assertEquals(2, pooled.getShape().get(0));
                assertEquals(model.featureWidth(), pooled.getShape().get(1));
            }
        }
    }

    private float[] encode(FamilyModel model, int layer) {
        try (NDManager scope = model.trained().manager().newSubManager()) {
            NDArray px = data.clips(new SplittableRandom(5), 2, model.clipLength(), 1).pixels(scope);
            List<NDArray> out = model.encodeLayers(px, layer);
            NDArray tokens = out.get(layer);
            assertEquals(3, tokens.getShape().dimension(), "tokens must be [B, L, D]");
            return tokens.toFloatArray();
        }
    }

    private static float[] weights(FamilyModel model) {
        int n = 0;
        for (NDArray a : model.trained().all().values()) {
            n += (int) a.getShape().size();
        }
        float[] out = new float[n];
        int at = 0;
        for (Map.Entry<String, NDArray> e : model.trained().all().entrySet()) {
            float[] v = e.getValue().toFloatArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }
}
