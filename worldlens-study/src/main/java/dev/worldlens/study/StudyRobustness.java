package dev.worldlens.study;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.worldlens.core.FinishedResults;
import dev.worldlens.core.Dataset;
import dev.worldlens.core.Progress;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.data.corrupt.Corruption;
import dev.worldlens.data.corrupt.CorruptionType;
import dev.worldlens.encoders.BuiltinEncoders;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.probe.FeatureStore;
import dev.worldlens.probe.PairMode;
import dev.worldlens.probe.Probe;
import dev.worldlens.probe.SeedStatistics;
import dev.worldlens.core.split.SplitConfig;
import dev.worldlens.probe.robust.RobustnessConfig;
import dev.worldlens.probe.robust.RobustnessResult;
import dev.worldlens.probe.robust.RobustnessRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.Map;

/**
 * The corruption sweep of every learned encoder, frozen and +ID (the references and the +ID controls are left out
 * to keep the sweep affordable): the MLP probe is fitted on clean training
 * features, as in the main table, and scored on the held-out episodes' features under each corruption and severity.
 * Corrupted feature stores and each encoder's scores are kept per encoder and reused when a study is run again.
 */
final class StudyRobustness {
    /** An encoder's finished sweep, beside its corrupted stores. */
    static final String POINTS = "points.json";

    private StudyRobustness() {
    }

    static List<StudyResults.RobustnessPoint> run(StudyConfig config, StudyLayout layout,
                                                  List<StudyEncoder> encoders, Dataset data, SplitConfig split,
                                                  Function<StudyEncoder, FeatureStore> cleanStore,
                                                  Progress progress) {
        List<Corruption> corruptions = new ArrayList<>();
        for (String type : config.robustness().corruptions()) {
            for (int severity : config.robustness().severities()) {
                corruptions.add(new Corruption(CorruptionType.parse(type), severity));
            }
        }
        RobustnessConfig rc = RobustnessConfig.of(corruptions, split).withCorruptionSeed(config.seed())
                .withSeeds(config.probe().seeds()).withCamera(config.data().camera());
        Probe mlp = Probe.named("mlp", config.probe().steps(), PairMode.CONCAT_DELTA);
        List<StudyResults.RobustnessPoint> out = new ArrayList<>();
        EpisodeSource source = data.source();
        int stateDim = source.episode(0).stateNames().size();
        for (StudyEncoder e : encoders) {
            if (!e.learned() || e.variant().equals(StudyEncoder.CONTROL)) {
                continue;
            }
            Path points = layout.robustness(e.key()).resolve(POINTS);
            List<StudyResults.RobustnessPoint> finished = FinishedResults.read(points,
                    new TypeReference<List<StudyResults.RobustnessPoint>>() {
                    });
            if (finished != null) {
                out.addAll(finished);
                continue;
            }
            FeatureStore clean = cleanStore.apply(e);
            List<RobustnessResult> rows;
            try (Encoder encoder = BuiltinEncoders.create(e.spec(), stateDim)) {
                // the runner's bar is named after the folder, "corruptions KEY"
                rows = new RobustnessRunner(encoder, source, data.fingerprint(), rc).run(clean, List.of(mlp),
                        layout.robustness(e.key()), progress);
            }
            List<StudyResults.RobustnessPoint> summary = summarise(e, rows);
            FinishedResults.write(points, summary);
            out.addAll(summary);
        }
        return out;
    }

    /** Mean and std over probe seeds of each corrupted test set's R²; the clean rows are the main table's. */
    private static List<StudyResults.RobustnessPoint> summarise(StudyEncoder e, List<RobustnessResult> rows) {
        Map<String, List<RobustnessResult>> bySet = new LinkedHashMap<>();
        for (RobustnessResult r : rows) {
            if (!r.isClean()) {
                bySet.computeIfAbsent(r.spec(), k -> new ArrayList<>()).add(r);
            }
        }
        List<StudyResults.RobustnessPoint> out = new ArrayList<>();
        for (List<RobustnessResult> set : bySet.values()) {
            SeedStatistics s = SeedStatistics.of(set.stream().map(RobustnessResult::r2).toList());
            RobustnessResult first = set.get(0);
            out.add(new StudyResults.RobustnessPoint(e.key(), e.variant(), first.corruption(), first.severity(),
                    s.mean(), s.std()));
        }
        return out;
    }
}
