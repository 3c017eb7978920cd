package dev.worldlens.policy.train;

import dev.worldlens.core.Episode;
import dev.worldlens.encoders.RandomVitEncoder;
import dev.worldlens.nn.train.LossLog;
import dev.worldlens.policy.SingleTorchThread;
import dev.worldlens.policy.Tiny;
import dev.worldlens.policy.features.EncoderFeatures;
import dev.worldlens.policy.vpp.VppPolicy;
import dev.worldlens.sim.Scene;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SingleTorchThread.class)
class PolicyTrainerTest {
    private static RandomVitEncoder encoder;
    private static EncoderFeatures features;
    private static List<Episode> train;
    private static List<Episode> validation;

    @BeforeAll
    static void setUp() {
        encoder = Tiny.encoder();
        features = Tiny.features(encoder);
        train = Tiny.episodes(List.of(Scene.A, Scene.B, Scene.C), 0, 3);
        validation = Tiny.episodes(List.of(Scene.D), 100, 1);
    }

    @AfterAll
    static void tearDown() {
        encoder.close();
    }

    private static PolicyTrainingConfig config(int steps) {
        return PolicyTrainingConfig.defaults(Tiny.policy(), features.describe()).withSteps(steps, 3, 20)
                .withBatch(16).withLearningRate(1e-3).withValidationSamples(24);
    }

    @Test
    void lossFallsAndTheBestValidationIsKept(@TempDir Path dir) {
        PolicyTrainer.Report r = PolicyTrainer.run(config(60), features, train, validation, dir, null);
        Map<String, double[]> log = LossLog.read(dir.resolve(LossLog.FILE));
        double[] total = log.get("total");
        assertEquals(6, total.length);
        double first = total[0];
        double last = (total[4] + total[5]) / 2;
        assertTrue(last < 0.85 * first, "EDM loss over 10-step windows: " + java.util.Arrays.toString(total));
        assertEquals(List.of(20, 40, 60), r.validations().stream().map(PolicyTrainer.Validation::step).toList());
        double min = r.validations().stream().mapToDouble(PolicyTrainer.Validation::mse).min().orElseThrow();
        assertEquals(min, r.bestMse(), 0);
        assertTrue(Double.isFinite(min) && min > 0 && min < 2);
        assertTrue(r.meanChunkMse() > 0.05 && r.meanChunkMse() < 1, "mean-chunk MSE " + r.meanChunkMse());
        for (String f : List.of("config.yaml", "provenance.json", "losses.csv", "loss-curves.png", "validation.csv",
                "best/policy.json", "best/weights.bin", "best/validation.json", "checkpoint/trained.bin", "summary.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        try (VppPolicy best = VppPolicy.load(r.bestPolicy(), features)) {
            ChunkSamples val = ChunkSamples.of(validation, 10, 4, "validation");
            FeatureCache cache = new FeatureCache(features, val, true);
            try (var m = dev.worldlens.nn.Torch.newManager()) {
                cache.fill(m, 16, null);
                double again = PolicyTrainer.validate(best, val, cache, val.spread(24), 16, 0, m);
                assertEquals(r.bestMse(), again, 1e-6, "the saved best policy reproduces its validation MSE");
            }
        }
    }

    @Test
    void interruptedRunResumesToTheSameWeights(@TempDir Path dir) throws Exception {
        PolicyTrainingConfig c = config(40);
        Path whole = dir.resolve("whole");
        Path cut = dir.resolve("cut");
        PolicyTrainer.run(c, features, train, validation, whole, null);
        PolicyTrainer.Progress stopAt25 = new PolicyTrainer.Progress() {
            @Override
            public void training(int stepsDone, int stepsTotal, double loss) {
                if (stepsDone == 25) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> PolicyTrainer.run(c, features, train, validation, cut,
                stopAt25));
        PolicyTrainer.Report resumed = PolicyTrainer.run(c, features, train, validation, cut, null);
        assertEquals(20, resumed.resumedFrom());
        // two uninterrupted runs in one JVM give bit-identical weights, and so does the resumed run in most JVM
        // runs; in some the resumed process's float rounding differs in the last bit (tensors created from Java
        // buffers land at other addresses, and the CPU matmuls round by alignment), and 20 Adam steps amplify that to
        // at most 1.5e-5 (measured). A broken resume (lost moments, other batches) moves weights by ~1e-2.
        float[] a = weights(c, whole.resolve("checkpoint"));
        float[] b = weights(c, cut.resolve("checkpoint"));
        assertArrayEquals(a, b, 2e-4f);
        assertArrayEquals(weights(c, whole.resolve("best")), weights(c, cut.resolve("best")), 2e-4f);
        List<String> wholeVal = Files.readAllLines(whole.resolve(PolicyTrainer.VALIDATION));
        List<String> cutVal = Files.readAllLines(cut.resolve(PolicyTrainer.VALIDATION));
        assertEquals(wholeVal.size(), cutVal.size());
        for (int i = 1; i < wholeVal.size(); i++) {
            String[] x = wholeVal.get(i).split(",");
            String[] y = cutVal.get(i).split(",");
            assertEquals(x[0], y[0]);
            assertEquals(Double.parseDouble(x[1]), Double.parseDouble(y[1]), 1e-4);
        }
    }

    /** Every trained weight of a checkpoint (or of a saved policy folder), in parameter order. */
    private static float[] weights(PolicyTrainingConfig c, Path folder) throws Exception {
        try (VppPolicy p = VppPolicy.create(c.policy(), features)) {
            Path file = folder.resolve(Files.exists(folder.resolve("trained.bin")) ? "trained.bin" : "weights.bin");
            try (var in = Files.newInputStream(file)) {
                p.parameters().load(in, file.toString());
            }
            float[] out = new float[0];
            for (var a : p.parameters().all().values()) {
                float[] v = a.toFloatArray();
                float[] joined = java.util.Arrays.copyOf(out, out.length + v.length);
                System.arraycopy(v, 0, joined, out.length, v.length);
                out = joined;
            }
            return out;
        }
    }

    @Test
    void episodesWithoutLanguageAreRefused(@TempDir Path dir) {
        Episode e = train.get(0);
        Episode mute = new Episode(e.index(), e.sceneId(), e.frames(), e.actions(), e.states(), e.actionSchema(),
                e.stateNames(), List.of(), e.fps(), e.extras());
        var ex = assertThrows(dev.worldlens.core.InvalidInputException.class,
                () -> PolicyTrainer.run(config(10), features, List.of(mute), validation, dir, null));
        assertTrue(ex.getMessage().contains("training episodes") && ex.getMessage().contains("language window"),
                ex.getMessage());
    }

    @Test
    void chunksRunPastTheWindowAndStandStillPastTheEnd() {
        Episode e = train.get(0);
        int t = e.length() - 3;
        float[] chunk = ChunkSamples.chunkAt(e, t, 10, 4);
        for (int h = 0; h < 3; h++) {
            assertArrayEquals(e.actions()[t + h], java.util.Arrays.copyOfRange(chunk, h * 4, h * 4 + 4));
        }
        float grip = e.actions()[e.length() - 1][3];
        for (int h = 3; h < 10; h++) {
            assertArrayEquals(new float[]{0, 0, 0, grip}, java.util.Arrays.copyOfRange(chunk, h * 4, h * 4 + 4));
        }
        ChunkSamples s = ChunkSamples.of(train, 10, 4, "train");
        int frames = train.stream().mapToInt(Episode::length).sum();
        assertEquals(frames, s.size(), "single-task episodes: one window over every frame");
    }
}
