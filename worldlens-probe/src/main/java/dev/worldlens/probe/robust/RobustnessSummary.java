package dev.worldlens.probe.robust;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.probe.SeedStatistics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Robustness rows over probe seeds: for each (encoder, layer, probe, test set) the mean and std of R^2 overall and
 * per group, and a Markdown table of them with the drop from the clean score.
 */
public final class RobustnessSummary {
    private RobustnessSummary() {
    }

    /** One test set's scores over seeds. */
    public record Row(String encoder, int layer, String probe, String corruption, int severity, String parameter,
                      SeedStatistics r2, Map<String, SeedStatistics> r2PerGroup) {
        public String spec() {
            return RobustnessRunner.CLEAN.equals(corruption) ? corruption : corruption + ":" + severity;
        }
    }

    /** Rows in the order their results first appear. */
    public static List<Row> rows(List<RobustnessResult> results) {
        Map<String, List<RobustnessResult>> groups = new LinkedHashMap<>();
        for (RobustnessResult r : results) {
            groups.computeIfAbsent(r.encoder() + "\u0000" + r.layer() + "\u0000" + r.probe() + "\u0000" + r.spec(),
                    k -> new ArrayList<>()).add(r);
        }
        List<Row> out = new ArrayList<>();
        for (List<RobustnessResult> g : groups.values()) {
            RobustnessResult first = g.get(0);
            Map<String, SeedStatistics> perGroup = new LinkedHashMap<>();
            for (String name : first.r2PerGroup().keySet()) {
                perGroup.put(name, SeedStatistics.of(g.stream().map(r -> r.r2PerGroup().get(name)).toList()));
            }
            out.add(new Row(first.encoder(), first.layer(), first.probe(), first.corruption(), first.severity(),
                    first.parameter(), SeedStatistics.of(g.stream().map(RobustnessResult::r2).toList()), perGroup));
        }
        return out;
    }

    /**
     * A Markdown table: encoder, probe, corruption, severity, parameter, R^2 (mean ± std over seeds), R^2 per group,
     * and the change from the clean R^2 of the same encoder and probe.
     */
    public static String markdown(List<RobustnessResult> results) {
        List<Row> rows = rows(results);
        Set<String> present = new LinkedHashSet<>();
        rows.forEach(r -> present.addAll(r.r2PerGroup().keySet()));
        // the study's order (translation, rotation, gripper), then any others
        Set<String> groups = new LinkedHashSet<>();
        for (String known : List.of(ActionSchema.TRANSLATION, ActionSchema.ROTATION, ActionSchema.GRIPPER)) {
            if (present.contains(known)) {
                groups.add(known);
            }
        }
        groups.addAll(present);
        Map<String, Double> clean = new LinkedHashMap<>();
        for (Row r : rows) {
            if (RobustnessRunner.CLEAN.equals(r.corruption())) {
                clean.put(r.encoder() + "\u0000" + r.layer() + "\u0000" + r.probe(), r.r2().mean());
            }
        }
        StringBuilder sb = new StringBuilder("| encoder | probe | corruption | severity | parameter | R² |");
        groups.forEach(g -> sb.append(" R² ").append(g).append(" |"));
        sb.append(" Δ R² vs clean |\n|---|---|---|---|---|---|");
        groups.forEach(g -> sb.append("---|"));
        sb.append("---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.encoder()).append(" L").append(r.layer()).append(" | ").append(r.probe())
                    .append(" | ").append(r.corruption()).append(" | ").append(r.severity()).append(" | ")
                    .append(r.parameter()).append(" | ").append(r.r2().format()).append(" |");
            for (String g : groups) {
                SeedStatistics s = r.r2PerGroup().get(g);
                sb.append(' ').append(s == null ? "" : String.format(Locale.ROOT, "%.3f", s.mean())).append(" |");
            }
            Double base = clean.get(r.encoder() + "\u0000" + r.layer() + "\u0000" + r.probe());
            sb.append(' ').append(base == null ? "" : String.format(Locale.ROOT, "%+.3f", r.r2().mean() - base))
                    .append(" |\n");
        }
        return sb.toString();
    }
}
