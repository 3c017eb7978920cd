package dev.worldlens.probe;

import dev.worldlens.core.EpisodeSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ridge probe through the whole pipeline: Tabletop episodes -> encoder -> feature store -> pairs -> split. */
class RidgeProbeTest {
    @TempDir
    static Path dir;
    static EpisodeSource data;

    @BeforeAll
    static void generate() {
        data = Fixtures.tabletop(60, 3);
    }

    @Test
    void readsActionsBackFromTheTrueStateTransition() {
        FeatureStore store = Fixtures.encode(Fixtures.state(), data, dir.resolve("state"));
        ProbeData pd = ProbeData.load(store, 1, false);
        ProbeResult r = ProbeRunner.run(pd, "state", "state-oracle", 0, new RidgeProbe(RidgeConfig.defaults()),
                SplitConfig.of(SplitKind.EPISODE), PairMode.CONCAT, List.of(0L));
        System.out.printf("ridge on (s_t, s_t+1): R2 %.4f groups %s%n", r.r2().mean(), r.r2PerGroup());
        assertTrue(r.r2().mean() >= 0.95, "R2 " + r.r2().mean());
        assertTrue(r.gripperSignAccuracy().mean() > 0.99);
    }

    @Test
    void findsNothingInNoise() {
        FeatureStore store = Fixtures.encode(Fixtures.noise(32, 9), data, dir.resolve("noise"));
        ProbeData pd = ProbeData.load(store, 1, false);
        ProbeResult r = ProbeRunner.run(pd, "noise", "noise", 0, new RidgeProbe(RidgeConfig.defaults()),
                SplitConfig.of(SplitKind.EPISODE), PairMode.CONCAT, List.of(0L));
        System.out.printf("ridge on noise: R2 %.4f%n", r.r2().mean());
        assertTrue(r.r2().mean() <= 0.05, "R2 on noise " + r.r2().mean());
    }

    @Test
    void differencedPairsWorkToo() {
        FeatureStore store = Fixtures.encode(Fixtures.state(), data, dir.resolve("state-diff"));
        ProbeData pd = ProbeData.load(store, 1, false);
        RidgeProbe probe = new RidgeProbe(new RidgeConfig(RidgeConfig.defaults().alphas(), 5, PairMode.DIFFERENCE));
        ProbeResult r = ProbeRunner.run(pd, "state", "state-oracle", 0, probe, SplitConfig.of(SplitKind.EPISODE),
                PairMode.DIFFERENCE, List.of(0L));
        assertTrue(r.r2PerGroup().get("translation").mean() >= 0.95, r.r2PerGroup().toString());
    }

    @Test
    void theSameSeedGivesIdenticalResults() {
        FeatureStore store = Fixtures.encode(Fixtures.state(), data, dir.resolve("state-seed"));
        ProbeData pd = ProbeData.load(store, 1, false);
        ProbeResult a = ProbeRunner.run(pd, "s", "s", 0, new RidgeProbe(RidgeConfig.defaults()),
                SplitConfig.of(SplitKind.TASK), PairMode.CONCAT, List.of(1L));
        ProbeResult b = ProbeRunner.run(pd, "s", "s", 0, new RidgeProbe(RidgeConfig.defaults()),
                SplitConfig.of(SplitKind.TASK), PairMode.CONCAT, List.of(1L));
        assertEquals(a.perSeed().get(0).r2(), b.perSeed().get(0).r2(), 0.0);
        assertEquals(a.heldOutTasks(), b.heldOutTasks());
    }
}
