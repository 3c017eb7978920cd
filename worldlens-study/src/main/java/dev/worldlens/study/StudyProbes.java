package dev.worldlens.study;

import dev.worldlens.core.FinishedResults;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Progress;
import dev.worldlens.core.split.SplitConfig;
import dev.worldlens.probe.ActionTarget;
import dev.worldlens.probe.FeatureStore;
import dev.worldlens.probe.PairMode;
import dev.worldlens.probe.Probe;
import dev.worldlens.probe.ProbeData;
import dev.worldlens.probe.ProbeResult;
import dev.worldlens.probe.ProbeRunner;
import dev.worldlens.probe.SeedStatistics;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The study's probes: one result per encoder, probe kind, frame gap k and split seed, each fitted with every probe
 * seed, written beside the study (so that a rerun reads it back) and turned into a main-table row. A gap k > 1 reads
 * the summed action a_t + ... + a_t+k-1 ({@link ActionTarget#SUM}): the whole change the two frames show.
 */
final class StudyProbes {
    private final StudyConfig config;
    private final StudyLayout layout;
    private final SplitConfig split;
    private final Progress progress;
    private String loadedKey;
    private ProbeData loaded;

    StudyProbes(StudyConfig config, StudyLayout layout, SplitConfig split, Progress progress) {
        this.config = config;
        this.layout = layout;
        this.split = split;
        this.progress = progress;
    }

    /** The split seeds every main-table probe runs on (the study's seed when the config names none). */
    List<Long> splitSeeds() {
        return config.probe().splitSeeds().isEmpty() ? List.of(config.seed()) : config.probe().splitSeeds();
    }

    /** The headline probe kind: the first of the config's kinds (ridge in the presets). */
    String headline() {
        return config.probe().kinds().get(0);
    }

    /** A main-table result, read back when an earlier run finished it. */
    ProbeResult main(String setting, StudyEncoder e, FeatureStore store, String kind, int k, long splitSeed) {
        return probe(setting, e, store, -1, kind, k, splitSeed, 0, config.probe().seeds());
    }

    /** A point of the per-layer or budget curve: the headline probe at k = 1 on the first split seed and probe seed. */
    ProbeResult curvePoint(String setting, StudyEncoder e, FeatureStore store, int layer, int budget) {
        return probe(setting, e, store, layer, headline(), 1, splitSeeds().get(0), budget,
                config.probe().seeds().subList(0, 1));
    }

    private ProbeResult probe(String setting, StudyEncoder e, FeatureStore store, int layer, String kind, int k,
                              long splitSeed, int budget, List<Long> seeds) {
        Path file = layout.probe(setting, e.key(), layer, kind, k, splitSeed, budget);
        ProbeResult r = FinishedResults.read(file, ProbeResult.class);
        if (r != null) {
            return r;
        }
        ActionTarget target = k > 1 ? ActionTarget.SUM : ActionTarget.FIRST;
        String key = store.root() + "\t" + k;
        if (!key.equals(loadedKey)) {
            // a store's pairs at a gap are asked for together (every kind and split seed): keep the last one loaded
            loaded = ProbeData.load(store, k, target, false);
            loadedKey = key;
        }
        ProbeData pd = loaded;
        Probe probe;
        try {
            probe = Probe.named(kind, kind.equals("cnn") ? cnnSteps() : config.probe().steps(), PairMode.CONCAT_DELTA,
                    pd.schema());
        } catch (InvalidInputException bad) {
            throw bad.renamed(Map.of("probe", "probe.kinds"));
        }
        SplitConfig s = split.withSeed(splitSeed);
        s = budget > 0 ? s.withBudget(budget) : s;
        String label = "probe " + e.key() + " " + kind + " k=" + k + " split " + splitSeed + " (" + setting + ")";
        try (Progress.Bar bar = progress.start(label, seeds.size(), 0)) {
            r = ProbeRunner.run(pd, e.key(), e.family(), store.index().layer(), probe, s, PairMode.CONCAT_DELTA,
                    seeds, bar);
        }
        FinishedResults.write(file, r);
        return r;
    }

    private int cnnSteps() {
        return config.probe().cnnSteps() != null ? config.probe().cnnSteps() : config.probe().steps();
    }

    static StudyResults.MainRow row(String setting, StudyEncoder e, ProbeResult r) {
        Map<String, Double> groups = new LinkedHashMap<>();
        for (Map.Entry<String, SeedStatistics> g : r.r2PerGroup().entrySet()) {
            groups.put(g.getKey(), g.getValue().mean());
        }
        return new StudyResults.MainRow(setting, e.key(), e.family(), e.variant(), r.probe(), r.k(), r.splitSeed(),
                r.r2().mean(), r.r2().std(), r.r2Uniform().mean(), groups, r.trainEpisodes(), r.testEpisodes(),
                r.heldOutTasks());
    }
}
