package dev.worldlens.policy.vpp;

import dev.worldlens.core.Episode;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Progress;
import dev.worldlens.encoders.RandomVitEncoder;
import dev.worldlens.nn.SingleTorchThread;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.Tiny;
import dev.worldlens.policy.VisualFeatures;
import dev.worldlens.policy.features.EncoderFeatures;
import dev.worldlens.encoders.RawPixelsEncoder;
import dev.worldlens.policy.train.ChunkSamples;
import dev.worldlens.sim.Scene;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SingleTorchThread.class)
class VppPolicyTest {
    private static RandomVitEncoder encoder;
    private static EncoderFeatures features;
    private static List<Observation> observations;

    @BeforeAll
    static void setUp() {
        encoder = Tiny.encoder();
        features = Tiny.features(encoder);
        List<Episode> eps = Tiny.episodes(List.of(Scene.A), 0, 1);
        ChunkSamples samples = ChunkSamples.of(eps, 10, 4, "test episodes");
        observations = List.of(samples.observation(0), samples.observation(samples.size() / 2));
    }

    @AfterAll
    static void tearDown() {
        encoder.close();
    }

    @Test
    void encoderFeaturesLayViewsSideBySide() {
        assertEquals(1, features.frames());
        assertEquals(8, features.tokensPerFrame());
        assertEquals(32, features.channels());
        try (var m = dev.worldlens.nn.Torch.newManager()) {
            var t = features.tokens(m, observations);
            assertEquals(new ai.djl.ndarray.types.Shape(2, 1, 8, 32), t.getShape());
            // the gripper half equals the encoder's tokens of the gripper frame alone
            float[] all = t.toFloatArray();
            float[] grip = encoder.encode(List.of(dev.worldlens.encoders.Clip.of(observations.get(0)
                    .image("gripper"))), -1).get(0).data();
            float[] half = java.util.Arrays.copyOfRange(all, 4 * 32, 8 * 32);
            assertArrayEquals(grip, half, 1e-6f);
        }
    }

    @Test
    void samplingIsDeterministicForASeed() {
        try (VppPolicy p = VppPolicy.create(Tiny.policy(), features)) {
            float[][][] a = p.sample(observations, new SplittableRandom(5));
            float[][][] b = p.sample(observations, new SplittableRandom(5));
            float[][][] c = p.sample(observations, new SplittableRandom(6));
            assertEquals(2, a.length);
            assertEquals(10, a[0].length);
            assertEquals(4, a[0][0].length);
            for (int i = 0; i < 2; i++) {
                for (int h = 0; h < 10; h++) {
                    assertArrayEquals(a[i][h], b[i][h], 0f);
                    for (float v : a[i][h]) {
                        assertTrue(v >= -1 && v <= 1);
                    }
                }
            }
            assertFalse(java.util.Arrays.deepEquals(a, c), "another seed gives another chunk");
            // act() restarts its noise at reset(): the same observation gives the same chunk after a reset
            float[][] first = p.act(observations.get(0));
            float[][] second = p.act(observations.get(0));
            p.reset();
            assertArrayEquals(first, p.act(observations.get(0)));
            assertFalse(java.util.Arrays.deepEquals(first, second), "consecutive calls draw new noise");
        }
    }

    @Test
    void savedPolicyGivesTheSameChunks(@TempDir Path dir) {
        float[][][] before;
        try (VppPolicy p = VppPolicy.create(Tiny.policy().withSeed(11), features)) {
            before = p.sample(observations, new SplittableRandom(1));
            p.save(dir);
        }
        try (VppPolicy loaded = VppPolicy.load(dir, features);
             VppPolicy fresh = VppPolicy.create(Tiny.policy().withSeed(12), features)) {
            assertEquals(Tiny.policy().withSeed(11), loaded.config());
            assertTrue(java.util.Arrays.deepEquals(before, loaded.sample(observations, new SplittableRandom(1))));
            assertFalse(java.util.Arrays.deepEquals(before, fresh.sample(observations, new SplittableRandom(1))));
        }
        // features of another grid are refused with the field named
        try (RawPixelsEncoder raw = new RawPixelsEncoder(4)) {
            VisualFeatures other = new EncoderFeatures(raw, List.of("top"), 0);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> VppPolicy.load(dir, other));
            assertTrue(e.getMessage().contains("features.tokensPerFrame"), e.getMessage());
        }
    }

    /** Standardised features read as if the tokens had been standardised before, and the statistics are saved. */
    @Test
    void featureStatisticsStandardiseTheTokensAndAreSaved(@TempDir Path dir) {
        float[] mean = new float[32];
        float[] std = new float[32];
        for (int c = 0; c < 32; c++) {
            mean[c] = 0.1f * c - 1;
            std[c] = 0.5f + 0.05f * c;
        }
        List<String> text = List.of("open the drawer", "close the drawer");
        try (VppPolicy scaled = VppPolicy.create(Tiny.policy(), features);
             VppPolicy plain = VppPolicy.create(Tiny.policy(), features);
             var m = dev.worldlens.nn.Torch.newManager()) {
            scaled.standardiseFeatures(new dev.worldlens.nn.Standardizer(mean, std));
            var tokens = features.tokens(m, observations);
            float[] raw = tokens.toFloatArray();
            float[] z = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                z[i] = (raw[i] - mean[i % 32]) / std[i % 32];
            }
            float[] a = scaled.chunks(tokens, text, new SplittableRandom(4)).toFloatArray();
            float[] b = plain.chunks(m.create(z, tokens.getShape()), text, new SplittableRandom(4)).toFloatArray();
            float[] unscaled = plain.chunks(tokens, text, new SplittableRandom(4)).toFloatArray();
            assertArrayEquals(b, a, 1e-5f);
            assertFalse(java.util.Arrays.equals(a, unscaled));
            scaled.save(dir);
            try (VppPolicy loaded = VppPolicy.load(dir, features)) {
                assertArrayEquals(mean, loaded.featureStats().mean(), 0f);
                assertArrayEquals(std, loaded.featureStats().std(), 0f);
                assertArrayEquals(a, loaded.chunks(tokens, text, new SplittableRandom(4)).toFloatArray(), 0f);
            }
            assertThrows(IllegalArgumentException.class,
                    () -> plain.standardiseFeatures(new dev.worldlens.nn.Standardizer(new float[3], new float[3])));
        }
    }

    @Test
    void everyWeightGetsAGradient() {
        try (VppPolicy p = VppPolicy.create(Tiny.policy(), features);
             var scope = p.parameters().manager().newSubManager()) {
            var tokens = features.tokens(scope, observations);
            tokens.attach(scope);
            var actions = scope.create(new float[2 * 10 * 4], new ai.djl.ndarray.types.Shape(2, 10, 4)).add(0.3f);
            try (var gc = dev.worldlens.nn.Torch.newGradientCollector()) {
                gc.backward(p.loss(tokens, List.of("open the drawer", "close the drawer"), actions,
                        new SplittableRandom(2)));
            }
            java.util.List<String> dead = new java.util.ArrayList<>();
            for (var e : p.parameters().all().entrySet()) {
                var g = e.getValue().getGradient();
                g.attach(scope);
                if (g.abs().sum().getFloat() == 0f) {
                    dead.add(e.getKey());
                }
            }
            // the unknown-word row and unused word rows get no gradient from two instructions; all else must
            assertEquals(List.of(), dead.stream().filter(n -> !n.equals("head.lang.words")).toList());
            assertTrue(p.parameters().all().size() > 60);
        }
    }

    @Test
    void closedLoopRolloutsRepeatForASeed(@TempDir Path dir) throws Exception {
        var chains = dev.worldlens.policy.eval.ChainConfig.defaults().withChains(1).withCameras(16, 16).withGifs(1);
        for (String run : List.of("a", "b", "c")) {
            try (VppPolicy p = VppPolicy.create(Tiny.policy().withSeed(run.equals("c") ? 1 : 0), features)) {
                dev.worldlens.policy.eval.ChainEvaluator.evaluate(p, run, chains, dir.resolve(run), Progress.NONE);
            }
        }
        byte[] a = java.nio.file.Files.readAllBytes(dir.resolve("a/rollout-000.gif"));
        // the GIF holds every rendered step: equal bytes mean the same trajectory
        assertArrayEquals(a, java.nio.file.Files.readAllBytes(dir.resolve("b/rollout-000.gif")));
        assertFalse(java.util.Arrays.equals(a, java.nio.file.Files.readAllBytes(dir.resolve("c/rollout-000.gif"))));
    }

    @Test
    void bypassedFormerFeedsEveryTokenToTheHead() {
        VppConfig c = Tiny.policy().withFormer(Tiny.policy().former().bypassed());
        try (VppPolicy p = VppPolicy.create(c, features)) {
            assertEquals(8, p.former().outputTokens());
            assertEquals(10, p.sample(observations, new SplittableRandom(0))[0].length);
        }
    }
}
