package dev.worldlens.probe.robust;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.Fingerprint;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RunFolder;
import dev.worldlens.data.corrupt.Corruption;
import dev.worldlens.data.corrupt.CorruptedSource;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.EncoderCard;
import dev.worldlens.probe.EncodeConfig;
import dev.worldlens.probe.EncodeJob;
import dev.worldlens.probe.FeatureStore;
import dev.worldlens.probe.FittedProbe;
import dev.worldlens.probe.PairSet;
import dev.worldlens.probe.Probe;
import dev.worldlens.probe.ProbeData;
import dev.worldlens.probe.ProbeMetrics;
import dev.worldlens.core.split.Split;
import dev.worldlens.probe.StoreIndex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The robustness evaluation of the study (section 6, Table 2): probes fitted on the clean features of the training
 * episodes, scored on the features of the held-out episodes under each corruption at each severity, for each probe
 * seed.
 *
 * <p>The held-out episodes under one corruption are encoded into their own feature store,
 * {@code ROOT/TYPE-SEVERITY} (e.g. {@code gaussian_noise-5}), through a lazy {@link CorruptedSource} and the same
 * {@link EncodeJob} as clean data, so each store is resumable: an interrupted encode keeps its finished episodes,
 * and a finished store is reused as it is on the next run. Each folder's config.yaml names what its features depend
 * on (encoder, layer, camera, corruption, its seed, the data's fingerprint and the held-out episodes), and a folder
 * written for anything else is refused rather than mixed.
 *
 * <p>The split is drawn from the clean store with the split config, exactly as {@code ProbeRunner} draws it, and each
 * probe is fitted once per seed, so the clean rows repeat the clean probe table's figures for the same seeds.
 * Severity 0 is the identity: it is scored on the clean features without encoding anything.
 */
public final class RobustnessRunner {
    /** The corruption name of the rows scored on clean features. */
    public static final String CLEAN = "clean";

    private final Encoder encoder;
    private final EpisodeSource source;
    private final String sourceFingerprint;
    private final RobustnessConfig config;

    /**
     * @param encoder           the frozen encoder the clean store was made with
     * @param source            the dataset the clean store was made from (episodes at the same positions)
     * @param sourceFingerprint that dataset's fingerprint, as recorded in the clean store
     */
    public RobustnessRunner(Encoder encoder, EpisodeSource source, String sourceFingerprint, RobustnessConfig config) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.source = Objects.requireNonNull(source, "source");
        this.sourceFingerprint = Objects.requireNonNull(sourceFingerprint, "sourceFingerprint");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The feature store folder of one corruption under a root: {@code ROOT/TYPE-SEVERITY}. */
    public static Path folder(Path root, Corruption corruption) {
        return root.resolve(corruption.type().id() + "-" + corruption.severity());
    }

    /**
     * Encodes the whole clean dataset into a feature store folder (as {@code worldlens encode} does), or reuses it
     * when finished with the same encoder, layer and data.
     */
    public FeatureStore encodeClean(Path folder) {
        EncodeConfig ec = new EncodeConfig(encoder.card().name(), config.layer(), config.camera(), "mean",
                config.tokens(), config.batchSize(), source.name(), sourceFingerprint);
        RunFolder run = RunFolder.open(folder, "encode", ec, 0);
        run.recordData(Map.of("data", sourceFingerprint));
        FeatureStore store = new EncodeJob(encoder, ec).run(source, folder, Progress.NONE);
        run.finish();
        return store;
    }

    /** As {@link #run(FeatureStore, List, Path, Progress)}, encoding the clean store first into ROOT/clean. */
    public List<RobustnessResult> run(List<Probe> probes, Path root, Progress progress) {
        return run(encodeClean(root.resolve(CLEAN)), probes, root, progress);
    }

    public List<RobustnessResult> run(FeatureStore clean, List<Probe> probes, Path root) {
        return run(clean, probes, root, Progress.NONE);
    }

    /**
     * Runs the evaluation: the split from the clean store, each corruption's held-out set encoded (or reused) under
     * {@code root}, each probe fitted once per seed on the clean training pairs, then scored on the clean held-out
     * pairs and on every corrupted set. Rows come per probe, then per test set (clean first, then the corruptions in
     * the config's order), then per seed. Progress is one bar, "corruptions ROOT" (the root folder's name), stepped as
     * each corrupted set is encoded or found finished.
     *
     * @param clean the clean store of the whole dataset, made with this runner's encoder, layer, camera and data
     */
    public List<RobustnessResult> run(FeatureStore clean, List<Probe> probes, Path root, Progress progress) {
        if (probes.isEmpty()) {
            throw new IllegalArgumentException("no probe to evaluate");
        }
        checkClean(clean);
        ProbeData cleanData = ProbeData.load(clean, config.k(), config.tokens());
        Split split = Split.make(cleanData.episodes(), config.split());
        PairSet train = cleanData.pairsOf(split.train());
        PairSet cleanTest = cleanData.pairsOf(split.test());
        ActionSchema schema = cleanData.schema();

        // every corrupted held-out set first: the expensive part, resumable, and failures show before any fit
        Map<Corruption, FeatureStore> stores = new LinkedHashMap<>();
        long toStore = config.corruptions().stream().filter(c -> !c.isIdentity()).count();
        try (Progress.Bar bar = progress.start("corruptions " + root.getFileName(), toStore, 0)) {
            for (Corruption c : config.corruptions()) {
                if (!c.isIdentity()) {
                    stores.put(c, corruptedStore(c, clean, split.test(), root));
                    bar.step(1);
                }
            }
        }

        // each probe fitted once per seed on clean training pairs
        List<List<FittedProbe>> fitted = new ArrayList<>();
        for (Probe probe : probes) {
            List<FittedProbe> perSeed = new ArrayList<>();
            for (long seed : config.seeds()) {
                perSeed.add(probe.fit(train, seed));
            }
            fitted.add(perSeed);
        }

        EncoderCard card = clean.index().encoder();
        int layer = clean.index().layer();
        int testEpisodes = split.test().length;
        List<List<RobustnessResult>> perProbe = new ArrayList<>();
        for (int p = 0; p < probes.size(); p++) {
            perProbe.add(new ArrayList<>());
        }
        // clean rows, and severity-0 rows on the same clean pairs
        List<Corruption> onClean = new ArrayList<>();
        onClean.add(null);
        config.corruptions().stream().filter(Corruption::isIdentity).forEach(onClean::add);
        for (int p = 0; p < probes.size(); p++) {
            for (Corruption c : onClean) {
                for (int s = 0; s < config.seeds().size(); s++) {
                    RobustnessResult r = score(card, layer, probes.get(p).name(), c, config.seeds().get(s),
                            fitted.get(p).get(s), cleanTest, schema, testEpisodes);
                    perProbe.get(p).add(r);
                }
            }
        }
        // corrupted sets, one loaded at a time
        for (Map.Entry<Corruption, FeatureStore> e : stores.entrySet()) {
            ProbeData data = ProbeData.load(e.getValue(), config.k(), config.tokens());
            PairSet test = data.pairs();
            if (test.size() != cleanTest.size() || !Arrays.deepEquals(test.targets(), cleanTest.targets())) {
                throw new IllegalStateException("the store " + e.getValue().root() + " does not hold the held-out "
                        + "episodes' transitions (" + test.size() + " pairs, clean held-out " + cleanTest.size()
                        + ", or their actions differ)");
            }
            for (int p = 0; p < probes.size(); p++) {
                for (int s = 0; s < config.seeds().size(); s++) {
                    RobustnessResult r = score(card, layer, probes.get(p).name(), e.getKey(), config.seeds().get(s),
                            fitted.get(p).get(s), test, schema, testEpisodes);
                    perProbe.get(p).add(r);
                }
            }
        }
        List<RobustnessResult> out = new ArrayList<>();
        perProbe.forEach(out::addAll);
        return out;
    }

    private RobustnessResult score(EncoderCard card, int layer, String probe, Corruption c, long seed,
                                   FittedProbe fitted, PairSet test, ActionSchema schema, int testEpisodes) {
        ProbeMetrics m = ProbeMetrics.of(test.targets(), fitted.predict(test), schema);
        return new RobustnessResult(card.name(), card.family(), layer, probe, c == null ? CLEAN : c.type().id(),
                c == null ? 0 : c.severity(), c == null ? "" : c.parameter(), config.corruptionSeed(), seed, m.r2(),
                m.r2Uniform(), m.r2PerGroup(), m.mse(), m.gripperSignAccuracy(), testEpisodes, test.size());
    }

    /** What a corrupted store's features depend on: its config.yaml. */
    record CorruptedStoreConfig(String encoder, int layer, String camera, boolean tokens, String corruption,
                                String parameter, long corruptionSeed, String dataFingerprint,
                                List<Integer> episodes) {
    }

    /**
     * The feature store of the held-out episodes (store positions {@code testPositions} of the clean store) under a
     * corruption, encoded into {@link #folder} or reused when finished.
     */
    public FeatureStore corruptedStore(Corruption corruption, FeatureStore clean, int[] testPositions, Path root) {
        EncoderCard card = encoder.card();
        int layer = card.resolveLayer(config.layer());
        List<Integer> indices = new ArrayList<>();
        for (int position : testPositions) {
            indices.add(clean.index().episodes().get(position).index());
        }
        Fingerprint fp = new Fingerprint().add("worldlens-corrupted/1").add(sourceFingerprint).add(corruption.id())
                .add(config.corruptionSeed()).add(config.camera());
        indices.forEach(i -> fp.add(i));
        String fingerprint = fp.hex();
        Path folder = folder(root, corruption);
        if (Files.isRegularFile(folder.resolve(FeatureStore.INDEX))) {
            FeatureStore existing = FeatureStore.open(folder);
            StoreIndex index = existing.index();
            if (index.encoder().equals(card) && index.layer() == layer && index.sourceFingerprint().equals(fingerprint)
                    && (index.tokens() || !config.tokens())) {
                return existing; // finished before: nothing to touch
            }
        }
        CorruptedStoreConfig stored = new CorruptedStoreConfig(card.name(), layer, config.camera(), config.tokens(),
                corruption.id(), corruption.parameter(), config.corruptionSeed(), sourceFingerprint, indices);
        RunFolder run = RunFolder.open(folder, "robustness-encode", stored, config.corruptionSeed());
        run.recordData(Map.of("data", sourceFingerprint));
        EpisodeSource view = new HeldOut(new CorruptedSource(source, corruption, config.corruptionSeed()),
                testPositions, indices);
        EncodeConfig ec = new EncodeConfig(card.name(), config.layer(), config.camera(), "mean", config.tokens(),
                config.batchSize(), view.name(), fingerprint);
        FeatureStore store = new EncodeJob(encoder, ec).run(view, folder, Progress.NONE);
        run.finish();
        return store;
    }

    private void checkClean(FeatureStore clean) {
        StoreIndex index = clean.index();
        EncoderCard card = encoder.card();
        String where = "clean feature store " + clean.root();
        if (!index.encoder().equals(card)) {
            throw new InvalidInputException(where, "encoder", "was made with encoder " + index.encoder().name()
                    + ", the robustness run encodes with " + card.name());
        }
        int layer = card.resolveLayer(config.layer());
        if (index.layer() != layer) {
            throw new InvalidInputException(where, "layer", "holds layer " + index.layer() + ", the robustness run "
                    + "reads layer " + layer);
        }
        if (!index.camera().equals(config.camera())) {
            throw new InvalidInputException(where, "camera", "holds camera '" + index.camera() + "', the robustness "
                    + "run reads '" + config.camera() + "'");
        }
        if (!index.sourceFingerprint().equals(sourceFingerprint)) {
            throw new InvalidInputException(where, "sourceFingerprint", "was made from other data ("
                    + index.sourceFingerprint() + ") than the source given (" + sourceFingerprint + ")");
        }
        if (clean.size() != source.size()) {
            throw new InvalidInputException(where, "episodes", "holds " + clean.size() + " episodes, the source has "
                    + source.size());
        }
        if (config.tokens() && !index.tokens()) {
            throw new InvalidInputException(where, "tokens", "kept no tokens, which the attentive probe needs");
        }
    }

    /** The held-out episodes of a source (by position), checked against the clean store's episode indices. */
    private static final class HeldOut implements EpisodeSource {
        private final EpisodeSource source;
        private final int[] positions;
        private final List<Integer> indices;

        HeldOut(EpisodeSource source, int[] positions, List<Integer> indices) {
            this.source = source;
            this.positions = positions.clone();
            this.indices = indices;
        }

        @Override
        public String name() {
            return source.name() + ", " + positions.length + " held-out episodes";
        }

        @Override
        public int size() {
            return positions.length;
        }

        @Override
        public Episode episode(int i) {
            Episode e = source.episode(positions[i]);
            if (e.index() != indices.get(i)) {
                throw new InvalidInputException(source.name(), "episodes", "episode at position " + positions[i]
                        + " has index " + e.index() + " but the clean store has " + indices.get(i) + " there");
            }
            return e;
        }
    }
}
