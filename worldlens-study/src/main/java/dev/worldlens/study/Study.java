package dev.worldlens.study;

import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.Dataset;
import dev.worldlens.core.Json;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RunFolder;
import dev.worldlens.core.split.EpisodeInfo;
import dev.worldlens.core.split.Split;
import dev.worldlens.core.split.SplitConfig;
import dev.worldlens.core.split.SplitKind;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.encoders.BuiltinEncoders;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.pretrain.PretrainJob;
import dev.worldlens.probe.EncodeRun;
import dev.worldlens.probe.FeatureStore;
import dev.worldlens.probe.ProbeResult;
import dev.worldlens.sim.TaskType;
import dev.worldlens.sim.dataset.SimDatasetJob;
import dev.worldlens.sim.dataset.SimGenerateConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The study of seed 000 as one run: datasets (randomised, and static for the comparison), encoders (baselines,
 * pretrained families, +ID fine-tunes), features and probes for the main table on every setting, the per-layer
 * sweep, the probe-budget curve, visual fidelity, the corruption sweep, the ranking against the paper, then
 * results.json and report.html. Every stage keeps its outputs under the study folder ({@link StudyLayout}), so a
 * study run again after an interruption reuses what was finished and gives the same results.
 */
public final class Study {
    static final String MAIN_SETTING = "randomised";
    private static final int ENCODE_BATCH = 64;

    private final StudyConfig config;
    private final StudyLayout layout;
    private final SplitConfig split;
    private final Progress progress;
    private final StudyProbes probes;
    private final Map<Path, FeatureStore> stores = new HashMap<>();

    private Study(StudyConfig config, Path root, Progress progress) {
        this.config = config;
        this.progress = progress;
        this.layout = new StudyLayout(root);
        SplitConfig task = SplitConfig.of(SplitKind.TASK);
        this.split = new SplitConfig(SplitKind.TASK, task.testFraction(), List.of(), List.of(), 0, config.seed())
                .withStrata(strata());
        this.probes = new StudyProbes(config, layout, split, progress);
    }

    /** Runs (or resumes) the study described by {@code config} in {@code folder}. */
    public static StudyResults run(StudyConfig config, Path folder, Progress progress) {
        return new Study(config, folder, progress).run();
    }

    private StudyResults run() {
        long t0 = System.nanoTime();
        RunFolder run = RunFolder.open(layout.root(), "study", config, config.seed());
        Map<String, Dataset> data = datasets();
        try {
            run.recordData(fingerprints(data));
            StudyResults results = run(data, t0);
            run.finish();
            return results;
        } finally {
            data.values().forEach(Dataset::close);
        }
    }

    private static Map<String, String> fingerprints(Map<String, Dataset> data) {
        Map<String, String> out = new LinkedHashMap<>();
        data.forEach((setting, dataset) -> out.put(setting, dataset.fingerprint()));
        return out;
    }

    private StudyResults run(Map<String, Dataset> data, long t0) {
        List<StudyEncoder> encoders = StudyPretraining.encoders(config, layout, data.get(MAIN_SETTING),
                heldOutAnywhere(data.get(MAIN_SETTING)), progress);

        List<StudyResults.MainRow> main = new ArrayList<>();
        for (String setting : config.data().settings()) {
            for (StudyEncoder e : encoders) {
                FeatureStore store = encode(data.get(setting), setting, e, -1);
                for (String kind : e.probes(config.probe().kinds())) {
                    for (int k : config.probe().gaps(kind)) {
                        for (long splitSeed : probes.splitSeeds()) {
                            main.add(StudyProbes.row(setting, e, probes.main(setting, e, store, kind, k, splitSeed)));
                        }
                    }
                }
            }
        }
        List<StudyResults.CurvePoint> layers = layerSweep(encoders, data.get(MAIN_SETTING));
        List<StudyResults.CurvePoint> budget = budgetCurve(encoders, data.get(MAIN_SETTING));
        List<StudyResults.FidelityRow> fidelity = config.fidelity() == null ? List.of()
                : StudyFidelity.run(config, layout, encoders, data.get(MAIN_SETTING), split, progress);
        List<StudyResults.RobustnessPoint> robustness = config.robustness() == null ? List.of()
                : StudyRobustness.run(config, layout, encoders, data.get(MAIN_SETTING), split,
                e -> encode(data.get(MAIN_SETTING), MAIN_SETTING, e, -1), progress);
        StudyResults results = new StudyResults(config.preset(), main, fidelity, robustness, layers, budget,
                StudyRanking.rankings(main), StudyRanking.splitAgreement(main),
                StudyPretrainingLog.read(encoders, layout), (System.nanoTime() - t0) / 1e9);
        AtomicFiles.writeString(layout.root().resolve("results.json"), json(results));
        StudyReport.write(layout, config, results, StudyFigures.draw(layout, results));
        return results;
    }

    /**
     * Every task family that some split seed holds out: pretraining sees none of them, so that no encoder has seen
     * the test tasks of any split the probes use.
     */
    private List<String> heldOutAnywhere(Dataset data) {
        TreeSet<String> out = new TreeSet<>();
        List<EpisodeInfo> episodes = PretrainJob.episodeInfos(data.source());
        for (long s : probes.splitSeeds()) {
            out.addAll(Split.make(episodes, split.withSeed(s)).heldOutTasks());
        }
        return List.copyOf(out);
    }

    /** The task kinds a held-out family is drawn from, one each: pushes, rotations, articulated parts, pick-and-place. */
    static List<List<String>> strata() {
        return List.copyOf(TaskType.byKind().values());
    }

    private static String json(StudyResults results) {
        try {
            return Json.JSON.writeValueAsString(results);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the study's results: " + e.getMessage(), e);
        }
    }

    /** Each setting's dataset, generated (or found finished) and opened once for every stage. */
    private Map<String, Dataset> datasets() {
        Map<String, Dataset> out = new LinkedHashMap<>();
        StudyConfig.Data d = config.data();
        for (String setting : d.settings()) {
            Path path = layout.dataset(setting);
            SimGenerateConfig generate = d.generate(setting, config.seed());
            SimDatasetJob.run(generate, path, progress);
            out.put(setting, DatasetFormats.openDataset(path));
        }
        return out;
    }

    /** An encoder's feature store for a setting and layer, encoded once and shared by every stage that reads it. */
    private FeatureStore encode(Dataset data, String setting, StudyEncoder e, int layer) {
        Path folder = layout.features(setting, e.key(), layer);
        return stores.computeIfAbsent(folder, f -> EncodeRun.run(e.spec(), data, f, layer, config.data().camera(),
                false, ENCODE_BATCH, progress));
    }

    private List<StudyResults.CurvePoint> layerSweep(List<StudyEncoder> encoders, Dataset data) {
        List<StudyResults.CurvePoint> out = new ArrayList<>();
        for (String key : config.layers()) {
            StudyEncoder e = encoders.stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("layers names '" + key + "', not an encoder of this study"));
            for (int layer = 0; layer <= blocks(e, data); layer++) {
                ProbeResult r = probes.curvePoint(MAIN_SETTING, e, encode(data, MAIN_SETTING, e, layer), layer, 0);
                out.add(new StudyResults.CurvePoint(e.key(), layer, r.r2().mean(), r.r2().std()));
            }
        }
        return out;
    }

    private List<StudyResults.CurvePoint> budgetCurve(List<StudyEncoder> encoders, Dataset data) {
        List<StudyResults.CurvePoint> out = new ArrayList<>();
        for (StudyEncoder e : encoders) {
            if (!e.probes().isEmpty()) {
                continue; // pixel-id: its CNN is the reference, not a curve of the headline probe on raw frames
            }
            FeatureStore store = encode(data, MAIN_SETTING, e, -1);
            for (int n : config.budgets()) {
                ProbeResult r = probes.curvePoint(MAIN_SETTING, e, store, -1, n);
                out.add(new StudyResults.CurvePoint(e.key(), r.trainEpisodes(), r.r2().mean(), r.r2().std()));
            }
        }
        return out;
    }

    private static int blocks(StudyEncoder e, Dataset data) {
        try (Encoder encoder = BuiltinEncoders.create(e.spec(), data.stateDim())) {
            return encoder.card().layers();
        }
    }
}
