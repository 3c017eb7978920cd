package dev.worldlens.study;

import dev.worldlens.encoders.pretrain.CollapseWatch;
import dev.worldlens.nn.train.LossLog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What each pretraining run of a study logged, read back from its folder for results.json and the report. */
final class StudyPretrainingLog {
    private StudyPretrainingLog() {
    }

    static List<StudyResults.PretrainingRow> read(List<StudyEncoder> encoders, StudyLayout layout) {
        List<StudyResults.PretrainingRow> out = new ArrayList<>();
        for (StudyEncoder e : encoders) {
            if (!e.learned()) {
                continue;
            }
            Path run = layout.pretraining(e.key());
            Path losses = run.resolve(LossLog.FILE);
            if (!Files.exists(losses)) {
                continue;
            }
            Map<String, double[]> log = LossLog.read(losses);
            double[] total = log.get("total");
            double[] step = log.get("step");
            double[] id = log.get("id-l1");
            if (total == null || total.length == 0) {
                continue;
            }
            List<double[]> spread = CollapseWatch.read(run);
            out.add(new StudyResults.PretrainingRow(e.key(), e.family(), e.variant(),
                    (int) step[step.length - 1] + 1, total[0], total[total.length - 1],
                    spread.isEmpty() ? null : spread.get(0)[1],
                    spread.isEmpty() ? null : spread.get(spread.size() - 1)[1],
                    id == null ? null : id[id.length - 1]));
        }
        return out;
    }
}
