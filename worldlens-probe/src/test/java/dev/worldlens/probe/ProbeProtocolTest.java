package dev.worldlens.probe;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.FinishedResults;
import dev.worldlens.core.split.SplitConfig;
import dev.worldlens.core.split.SplitKind;
import dev.worldlens.encoders.Clip;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.EncoderCard;
import dev.worldlens.encoders.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe protocol of issue 16: k-step targets, per-split-seed results, and old results files. */
class ProbeProtocolTest {
    private static final int K = 4;
    @TempDir
    static Path dir;
    static EpisodeSource cumulative;
    static FeatureStore store;

    /**
     * Tabletop episodes whose actions are redrawn independently (dx, dy, dyaw uniform in [-1, 1]; the gripper a
     * sticky +-1 command) and whose "state" is what an ideal encoder would see: the sum of all earlier relative
     * actions, and the last gripper command. The state encoder stores exactly that as features.
     */
    @BeforeAll
    static void data() {
        EpisodeSource tabletop = Fixtures.tabletop(30, 11);
        SplittableRandom rng = new SplittableRandom(4);
        List<Episode> out = new ArrayList<>();
        for (int i = 0; i < tabletop.size(); i++) {
            Episode e = tabletop.episode(i);
            int t = e.length();
            int a = e.actionSchema().dim();
            float[][] actions = new float[t][a];
            float[][] states = new float[t][a];
            float grip = 1;
            for (int s = 0; s < t; s++) {
                if (s > 0) {
                    for (int j = 0; j < a - 1; j++) {
                        states[s][j] = states[s - 1][j] + actions[s - 1][j];
                    }
                    states[s][a - 1] = actions[s - 1][a - 1];
                }
                for (int j = 0; j < a - 1; j++) {
                    actions[s][j] = (float) rng.nextDouble(-1, 1);
                }
                if (rng.nextDouble() < 0.2) {
                    grip = -grip;
                }
                actions[s][a - 1] = grip;
            }
            out.add(new Episode(e.index(), e.sceneId(), e.frames(), actions, states, e.actionSchema(),
                    List.of("sum_dx", "sum_dy", "sum_dyaw", "last_gripper"), e.windows(), e.fps(), e.extras()));
        }
        cumulative = EpisodeSource.of("cumulative-actions", out);
        store = Fixtures.encode(stateEncoder(), cumulative, dir.resolve("cumulative"));
    }

    private static Encoder stateEncoder() {
        return new Encoder() {
            @Override
            public EncoderCard card() {
                return Fixtures.card("test-cumulative", 4);
            }

            @Override
            public List<Tokens> encode(List<Clip> clips, int layer) {
                return clips.stream().map(c -> new Tokens(1, 1, c.state().length, c.state().clone())).toList();
            }
        };
    }

    @Test
    void summedTargetsAreReadBackFromFeaturesThatHoldTheCumulativeSum() {
        ProbeData sum = ProbeData.load(store, K, ActionTarget.SUM, false);
        ProbeData first = ProbeData.load(store, K, ActionTarget.FIRST, false);
        // the targets themselves: sums of 4 relative actions, the gripper's last command
        float[][] actions = cumulative.episode(0).actions();
        float[] expected = new float[4];
        for (int s = 0; s < K; s++) {
            for (int j = 0; j < 3; j++) {
                expected[j] += actions[s][j];
            }
        }
        expected[3] = actions[K - 1][3];
        assertArrayEquals(expected, sum.pairs().targets()[0], 1e-6f);
        assertArrayEquals(actions[0], first.pairs().targets()[0], 0f);
        assertEquals("sum", ProbeData.load(store, 1, ActionTarget.SUM, false).target().label());

        Probe ridge = new RidgeProbe(RidgeConfig.defaults());
        SplitConfig split = SplitConfig.of(SplitKind.EPISODE);
        ProbeResult summed = ProbeRunner.run(sum, "cumulative", "test", 0, ridge, split, PairMode.CONCAT_DELTA,
                List.of(0L));
        ProbeResult firstOnly = ProbeRunner.run(first, "cumulative", "test", 0, ridge, split, PairMode.CONCAT_DELTA,
                List.of(0L));
        System.out.printf("ridge, k = 4: SUM R2 %.4f (uniform %.4f), FIRST R2 %.4f (uniform %.4f)%n",
                summed.r2().mean(), summed.r2Uniform().mean(), firstOnly.r2().mean(), firstOnly.r2Uniform().mean());
        assertTrue(summed.r2().mean() > 0.99, "SUM R2 " + summed.r2().mean());
        assertTrue(firstOnly.r2().mean() < 0.7, "FIRST R2 " + firstOnly.r2().mean());
        assertEquals("sum", summed.target());
        assertEquals(K, summed.k());
    }

    @Test
    void oneResultPerSplitSeedAndTheirSpread() {
        ProbeData data = ProbeData.load(store, 1, ActionTarget.SUM, false);
        List<ProbeResult> results = ProbeRunner.runPerSplitSeed(data, "cumulative", "test", 0,
                new RidgeProbe(RidgeConfig.defaults()), SplitConfig.of(SplitKind.EPISODE), List.of(3L, 4L),
                PairMode.CONCAT_DELTA, List.of(0L, 1L), dev.worldlens.core.Progress.Bar.NONE);
        assertEquals(List.of(3L, 4L), results.stream().map(ProbeResult::splitSeed).toList());
        assertTrue(results.get(0).heldOutTasks().isEmpty());
        SeedStatistics spread = ProbeResult.spreadOverSplits(results);
        assertEquals(2, spread.seeds());
        assertEquals((results.get(0).r2().mean() + results.get(1).r2().mean()) / 2, spread.mean(), 1e-12);
        assertTrue(spread.mean() > 0.99, "k = 1 on the cumulative sum: " + spread.mean());
        assertEquals(List.of(), results.get(0).chosenSteps(), "ridge has no training steps");
    }

    @Test
    void aResultsFileFromBeforeTheVarianceWeightedHeadlineIsComputedAgain() throws Exception {
        ProbeResult r = ProbeRunner.run(ProbeData.load(store, 1, false), "cumulative", "test", 0,
                new RidgeProbe(RidgeConfig.fixed(1e-3, PairMode.CONCAT_DELTA)), SplitConfig.of(SplitKind.EPISODE),
                PairMode.CONCAT_DELTA, List.of(0L));
        Path file = dir.resolve("result.json");
        FinishedResults.write(file, r);
        ProbeResult back = FinishedResults.read(file, ProbeResult.class);
        assertNotNull(back);
        assertEquals(r.r2(), back.r2());
        assertEquals(r.r2Uniform(), back.r2Uniform());
        // an old file: no r2Uniform, no target (its r2 was the uniform mean)
        String old = Files.readString(file).replaceAll("(?s)\"r2Uniform\" : \\{[^}]*},", "")
                .replace("\"target\" : \"first\",", "");
        assertTrue(!old.contains("\"r2Uniform\" : {") && !old.contains("\"target\""), old);
        Files.writeString(file, old);
        assertNull(FinishedResults.read(file, ProbeResult.class), "an old result is not read as a new one");
    }
}
