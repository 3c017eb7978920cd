package dev.worldlens.probe.robust;

import dev.worldlens.nn.train.RecordingProgress;
import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.FrameSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RgbImage;
import dev.worldlens.data.corrupt.Corruption;
import dev.worldlens.data.corrupt.CorruptionType;
import dev.worldlens.encoders.Clip;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.EncoderCard;
import dev.worldlens.encoders.RawPixelsEncoder;
import dev.worldlens.encoders.StateOracleEncoder;
import dev.worldlens.encoders.Tokens;
import dev.worldlens.probe.FeatureStore;
import dev.worldlens.probe.MlpProbe;
import dev.worldlens.probe.MlpProbeConfig;
import dev.worldlens.probe.PairMode;
import dev.worldlens.probe.ProbeData;
import dev.worldlens.probe.ProbeResult;
import dev.worldlens.probe.ProbeRunner;
import dev.worldlens.probe.RidgeConfig;
import dev.worldlens.probe.RidgeProbe;
import dev.worldlens.core.split.SplitConfig;
import dev.worldlens.core.split.SplitKind;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import dev.worldlens.sim.Tabletop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RobustnessRunnerTest {
    static final int SIDE = 8;
    static final ActionSchema SCHEMA = ActionSchema.fromLabels(List.of("dx", "dyaw", "grip"),
            List.of(ActionSchema.TRANSLATION, ActionSchema.ROTATION, ActionSchema.GRIPPER));

    /**
     * Episodes whose pixels carry the action: the frame is three vertical bands of grey whose levels take a random
     * walk, and action dimension d is the change of band d's level to the next frame (in tenths of 10 grey levels),
     * so a linear probe on raw pixel pairs reads the action exactly on clean frames. The state is the three levels.
     * Task families task0 .. task3 cycle over episodes, so a task split holds out whole families.
     */
    static EpisodeSource bands(int episodes, int length, long seed) {
        List<Episode> out = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int e = 0; e < episodes; e++) {
            int[] level = {90 + rng.nextInt(76), 90 + rng.nextInt(76), 90 + rng.nextInt(76)};
            List<RgbImage> frames = new ArrayList<>();
            float[][] actions = new float[length][3];
            float[][] states = new float[length][3];
            for (int t = 0; t < length; t++) {
                byte[] rgb = new byte[SIDE * SIDE * 3];
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) {
                        int band = x < 3 ? 0 : x < 6 ? 1 : 2;
                        for (int c = 0; c < 3; c++) {
                            rgb[(y * SIDE + x) * 3 + c] = (byte) level[band];
                        }
                    }
                }
                frames.add(new RgbImage(SIDE, SIDE, rgb));
                for (int d = 0; d < 3; d++) {
                    states[t][d] = level[d];
                    int step = rng.nextInt(21) - 10;
                    if (level[d] + step < 64 || level[d] + step > 192) {
                        step = -step;
                    }
                    actions[t][d] = step / 10f;
                    level[d] += step;
                }
            }
            String task = "task" + (e % 4) + "/red";
            out.add(new Episode(e, "A", FrameSource.inMemory(Map.of("top", frames)), actions, states, SCHEMA,
                    List.of("band0", "band1", "band2"), List.of(new LanguageWindow(0, length, task, "do " + task)),
                    15, Map.of()));
        }
        return EpisodeSource.of("bands-" + seed, out);
    }

    /** An encoder that counts the frames it encodes. */
    static final class Counting implements Encoder {
        final Encoder inner;
        final AtomicLong frames = new AtomicLong();

        Counting(Encoder inner) {
            this.inner = inner;
        }

        @Override
        public EncoderCard card() {
            return inner.card();
        }

        @Override
        public List<Tokens> encode(List<Clip> clips, int layer) {
            frames.addAndGet(clips.size());
            return inner.encode(clips, layer);
        }
    }

    static SplitConfig taskSplit() {
        return new SplitConfig(SplitKind.TASK, 0.25, List.of(), List.of(), 0, 0);
    }

    static Map<String, Long> modificationTimes(Path root) throws Exception {
        Map<String, Long> out = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(p).toString();
                if (name.endsWith("store.json") || name.endsWith(".wlf")) {
                    out.put(name, Files.getLastModifiedTime(p).toMillis());
                }
            }
        }
        return out;
    }

    @Test
    void rawPixelsReadTheActionCleanAndLoseItAsNoiseRisesAndARerunReusesTheStores(@TempDir Path root)
            throws Exception {
        EpisodeSource data = bands(16, 24, 1);
        List<Corruption> corruptions = new ArrayList<>(Corruption.sweep(CorruptionType.GAUSSIAN_NOISE));
        corruptions.add(Corruption.parse("gaussian_noise:0"));
        corruptions.add(Corruption.parse("jpeg:5"));
        RobustnessConfig config = RobustnessConfig.of(corruptions, taskSplit()).withSeeds(List.of(0L, 1L));
        Counting encoder = new Counting(new RawPixelsEncoder(SIDE));
        RobustnessRunner runner = new RobustnessRunner(encoder, data, "fp-bands-1", config);
        RecordingProgress progress = new RecordingProgress();
        List<RobustnessResult> results = runner.run(List.of(new RidgeProbe(RidgeConfig.defaults())), root,
                progress);
        System.out.print(RobustnessSummary.markdown(results));

        // one row per test set (clean, 5 noise levels, severity 0, jpeg) and seed
        assertEquals(8 * 2, results.size());
        List<String> stored = new ArrayList<>();
        try (var folders = Files.list(root)) {
            folders.map(f -> f.getFileName().toString()).sorted().forEach(stored::add);
        }
        assertEquals(List.of("clean", "gaussian_noise-1", "gaussian_noise-2", "gaussian_noise-3", "gaussian_noise-4",
                "gaussian_noise-5", "jpeg_compression-5"), stored, "severity 0 is never encoded");
        RecordingProgress.Recorded bar = progress.bar("corruptions " + root.getFileName());
        assertEquals(List.of(6L, 6L, true), List.of(bar.total(), bar.current(), bar.closed()));
        Map<String, RobustnessResult> bySpec = new LinkedHashMap<>();
        for (RobustnessResult r : results) {
            if (r.seed() == 0) {
                bySpec.put(r.spec(), r);
            }
            assertEquals("raw-pixels-8", r.encoder());
            assertEquals("ridge", r.probe());
            assertEquals(java.util.Set.of(ActionSchema.TRANSLATION, ActionSchema.ROTATION, ActionSchema.GRIPPER),
                    r.r2PerGroup().keySet());
            assertEquals(results.get(0).testPairs(), r.testPairs());
        }
        RobustnessResult clean = bySpec.get(RobustnessRunner.CLEAN);
        assertTrue(clean.r2() > 0.95, "clean R2 " + clean.r2());
        for (double g : clean.r2PerGroup().values()) {
            assertTrue(g > 0.9, "clean R2 per group " + clean.r2PerGroup());
        }
        assertEquals(clean.r2(), bySpec.get("gaussian_noise:0").r2(), 0.0, "severity 0 scores the clean features");
        double previous = clean.r2();
        for (int s = 1; s <= 5; s++) {
            RobustnessResult r = bySpec.get("gaussian_noise:" + s);
            assertEquals("sigma " + new double[]{0, 0.025, 0.05, 0.075, 0.10, 0.15}[s], r.parameter());
            assertTrue(r.r2() <= previous + 1e-3, "R2 rose from " + previous + " to " + r.r2() + " at severity " + s);
            previous = r.r2();
        }
        assertTrue(bySpec.get("gaussian_noise:5").r2() < clean.r2() - 0.05,
                "noise at sigma 0.15 should cost R2: clean " + clean.r2() + ", noisy "
                        + bySpec.get("gaussian_noise:5").r2());

        // the clean rows are the clean probe table's figures (same split, same seeds)
        FeatureStore cleanStore = FeatureStore.open(root.resolve(RobustnessRunner.CLEAN));
        ProbeResult table = ProbeRunner.run(ProbeData.load(cleanStore, 1, false), "raw", "raw-pixels", 0,
                new RidgeProbe(RidgeConfig.defaults()), taskSplit(), PairMode.CONCAT_DELTA, List.of(0L, 1L));
        assertEquals(table.perSeed().get(0).r2(), clean.r2(), 1e-12);
        assertEquals(table.testPairs(), clean.testPairs());

        // the corrupted stores hold only the held-out episodes
        FeatureStore noisy = FeatureStore.open(RobustnessRunner.folder(root, Corruption.parse("gaussian_noise:5")));
        assertEquals(table.testEpisodes(), noisy.size());
        long encoded = encoder.frames.get();
        long cleanFrames = 16 * 24;
        long heldOutFrames = (long) noisy.size() * 24;
        assertEquals(cleanFrames + 6 * heldOutFrames, encoded);

        // a re-run encodes nothing, touches no store, and gives the same rows
        Map<String, Long> before = modificationTimes(root);
        Thread.sleep(20);
        Counting again = new Counting(new RawPixelsEncoder(SIDE));
        List<RobustnessResult> rerun = new RobustnessRunner(again, data, "fp-bands-1", config)
                .run(List.of(new RidgeProbe(RidgeConfig.defaults())), root, Progress.NONE);
        assertEquals(0, again.frames.get(), "a finished store was encoded again");
        assertEquals(before, modificationTimes(root));
        assertEquals(results, rerun);
        // rows survive JSON (the study runner keeps them)
        String json = Json.JSON.writeValueAsString(results);
        assertEquals(results, List.of(Json.JSON.readValue(json, RobustnessResult[].class)));
    }

    @Test
    void anInterruptedCorruptedEncodeResumesAndAnotherConfigIsRefused(@TempDir Path root) throws Exception {
        EpisodeSource data = bands(12, 10, 2);
        RobustnessConfig config = RobustnessConfig.of(List.of(Corruption.parse("shot_noise:3")), taskSplit())
                .withSeeds(List.of(0L));
        Counting encoder = new Counting(new RawPixelsEncoder(SIDE));
        RobustnessRunner runner = new RobustnessRunner(encoder, data, "fp-bands-2", config);
        List<RobustnessResult> first = runner.run(List.of(new RidgeProbe(RidgeConfig.defaults())), root,
                Progress.NONE);
        Path folder = RobustnessRunner.folder(root, Corruption.parse("shot_noise:3"));
        FeatureStore store = FeatureStore.open(folder);
        assertTrue(store.size() >= 2);
        // as if the encode had stopped before its last episode and before store.json
        Files.delete(folder.resolve(FeatureStore.INDEX));
        Files.delete(folder.resolve(store.index().episodes().get(store.size() - 1).file()));
        encoder.frames.set(0);
        List<RobustnessResult> resumed = runner.run(List.of(new RidgeProbe(RidgeConfig.defaults())), root,
                Progress.NONE);
        assertEquals(10, encoder.frames.get(), "only the missing episode is encoded again");
        assertEquals(first, resumed, "the same frame gets the same corruption when encoding resumes");

        // the same folder with another corruption seed is refused, not mixed
        RobustnessRunner other = new RobustnessRunner(encoder, data, "fp-bands-2", config.withCorruptionSeed(5));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> other.run(List.of(new RidgeProbe(RidgeConfig.defaults())), root,
                        Progress.NONE));
        assertTrue(e.getMessage().contains("another config"), e.getMessage());
        // a clean store of another encoder is refused with a message naming it
        RobustnessRunner wrong = new RobustnessRunner(new RawPixelsEncoder(4), data, "fp-bands-2", config);
        InvalidInputException enc = assertThrows(InvalidInputException.class,
                () -> wrong.run(FeatureStore.open(root.resolve(RobustnessRunner.CLEAN)),
                        List.of(new RidgeProbe(RidgeConfig.defaults())), root));
        assertTrue(enc.getMessage().contains("raw-pixels-8") && enc.getMessage().contains("raw-pixels-4"),
                enc.getMessage());
    }

    @Test
    void theStateOracleOnSimulatorEpisodesIsUntouchedByPixelCorruption(@TempDir Path root) {
        GeneratorConfig c = GeneratorConfig.of(List.of(Scene.A, Scene.B, Scene.C), Setting.RANDOMISED)
                .withCameras(16, 8);
        EpisodeGenerator gen = new EpisodeGenerator(c, 4);
        List<Episode> list = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            list.add(gen.generate(i));
        }
        EpisodeSource data = EpisodeSource.of("tabletop-robust", list);
        RobustnessConfig config = RobustnessConfig.of(List.of(Corruption.parse("gaussian_blur:5"),
                        Corruption.parse("occlusion:5")), SplitConfig.of(SplitKind.EPISODE))
                .withSeeds(List.of(0L, 1L));
        RobustnessRunner runner = new RobustnessRunner(new StateOracleEncoder(Tabletop.STATE_NAMES.size()), data,
                "fp-tabletop", config);
        List<RobustnessResult> results = runner.run(List.of(new RidgeProbe(RidgeConfig.defaults()),
                new MlpProbe(MlpProbeConfig.defaults().withSteps(100))), root, Progress.NONE);
        System.out.print(RobustnessSummary.markdown(results));
        assertEquals(2 * 3 * 2, results.size());
        Map<String, Double> cleanR2 = new HashMap<>();
        for (RobustnessResult r : results) {
            if (r.isClean()) {
                cleanR2.put(r.probe() + r.seed(), r.r2());
            }
        }
        assertTrue(cleanR2.get("ridge0") > 0.9, "ridge on the state reads the action: " + cleanR2);
        for (RobustnessResult r : results) {
            // the oracle reads the state, which the corruption leaves as it is, so every score is the clean one
            assertEquals(cleanR2.get(r.probe() + r.seed()), r.r2(), 0.0, r.spec() + " " + r.probe());
        }
        // the MLP's seeds are different fits
        assertTrue(cleanR2.get("mlp0") != cleanR2.get("mlp1").doubleValue());
    }
}
