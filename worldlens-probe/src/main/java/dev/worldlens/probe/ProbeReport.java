package dev.worldlens.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes probe results into a run folder: results.json (every seed's metrics), summary.md and a self-contained
 * summary.html with one row per (encoder, probe): R^2 overall and per action group, MSE, gripper sign accuracy.
 */
public final class ProbeReport {
    private ProbeReport() {
    }

    public static void write(Path run, String title, List<ProbeResult> results, Map<String, Object> context) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("title", title);
        doc.put("context", context);
        doc.put("results", results);
        doc.put("familyRanking", FamilyRanking.of(results));
        try {
            AtomicFiles.writeString(run.resolve("results.json"), Json.JSON.writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise results", e);
        }
        AtomicFiles.writeString(run.resolve("summary.md"), markdown(title, results, context));
        AtomicFiles.writeString(run.resolve("summary.html"), html(title, results, context));
    }

    /** Groups in the study's order (translation, rotation, gripper), then any others. */
    static List<String> groups(List<ProbeResult> results) {
        Set<String> present = new LinkedHashSet<>();
        results.forEach(r -> present.addAll(r.r2PerGroup().keySet()));
        Set<String> g = new LinkedHashSet<>();
        for (String known : List.of(ActionSchema.TRANSLATION, ActionSchema.ROTATION, ActionSchema.GRIPPER)) {
            if (present.contains(known)) {
                g.add(known);
            }
        }
        g.addAll(present);
        return new ArrayList<>(g);
    }

    static List<List<String>> rows(List<ProbeResult> results) {
        List<String> groups = groups(results);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("encoder", "layer", "probe", "R²"));
        groups.forEach(g -> header.add("R² " + g));
        header.addAll(List.of("MSE", "gripper sign acc.", "train / test episodes", "seconds"));
        rows.add(header);
        for (ProbeResult r : results) {
            List<String> row = new ArrayList<>(List.of(r.encoder(), Integer.toString(r.layer()), r.probe(),
                    r.r2().format()));
            for (String g : groups) {
                SeedStatistics s = r.r2PerGroup().get(g);
                row.add(s == null ? "" : s.format());
            }
            row.add(String.format("%.4f", r.mse().mean()));
            row.add(Double.isNaN(r.gripperSignAccuracy().mean()) ? "" : String.format("%.3f",
                    r.gripperSignAccuracy().mean()));
            row.add(r.trainEpisodes() + " / " + r.testEpisodes());
            row.add(String.format("%.1f", r.seconds()));
            rows.add(row);
        }
        return rows;
    }

    /** The split, k, pair mode, seeds and what was held out: the same for every row of a run. */
    static String splitLine(ProbeResult r) {
        StringBuilder sb = new StringBuilder(r.split()).append(", k = ").append(r.k()).append(", pairs ")
                .append(r.pairMode()).append(", seeds ").append(r.seeds());
        if (!r.heldOutTasks().isEmpty()) {
            sb.append(", held-out tasks ").append(r.heldOutTasks());
        }
        if (!r.heldOutScenes().isEmpty()) {
            sb.append(", held-out scenes ").append(r.heldOutScenes());
        }
        return sb.toString();
    }

    public static String markdown(String title, List<ProbeResult> results, Map<String, Object> context) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        context.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        if (!results.isEmpty()) {
            sb.append("- split: ").append(splitLine(results.get(0))).append('\n');
        }
        sb.append('\n');
        markdownTable(sb, rows(results));
        sb.append("\nR² is scikit-learn's r2_score (uniform average over action dimensions; below 0 means worse than "
                + "predicting the mean), mean ± std over probe seeds, on held-out episodes.\n");
        for (FamilyRanking ranking : FamilyRanking.of(results)) {
            sb.append("\n## Family ranking against the paper (").append(ranking.probe()).append(" probe)\n\n");
            markdownTable(sb, ranking.rows());
            sb.append('\n').append(ranking.summaryLine()).append(".\n");
        }
        return sb.toString();
    }

    static String html(String title, List<ProbeResult> results, Map<String, Object> context) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title><style>body{font-family:sans-serif;margin:2em;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 10px;"
                        + "text-align:right}th{background:#eee;text-align:center}td:first-child,td:nth-child(3){text-align:left}"
                        + "caption{caption-side:bottom;padding-top:8px;font-size:90%;color:#555}</style></head>"
                        + "<body><h1>").append(escape(title)).append("</h1><ul>");
        context.forEach((k, v) -> sb.append("<li>").append(escape(k)).append(": ").append(escape(String.valueOf(v)))
                .append("</li>"));
        if (!results.isEmpty()) {
            sb.append("<li>split: ").append(escape(splitLine(results.get(0)))).append("</li>");
        }
        sb.append("</ul><table>");
        htmlRows(sb, rows(results));
        sb.append("<caption>R² as scikit-learn's r2_score, uniform over action dimensions, mean ± std over seeds, on "
                + "held-out episodes.</caption></table>");
        for (FamilyRanking ranking : FamilyRanking.of(results)) {
            sb.append("<h2>Family ranking against the paper (").append(escape(ranking.probe())).append(" probe)</h2>")
                    .append("<table>");
            htmlRows(sb, ranking.rows());
            sb.append("<caption>").append(escape(ranking.summaryLine())).append("</caption></table>");
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    /** A Markdown table whose first row is the header. */
    static void markdownTable(StringBuilder sb, List<List<String>> rows) {
        for (int i = 0; i < rows.size(); i++) {
            sb.append("| ").append(String.join(" | ", rows.get(i))).append(" |\n");
            if (i == 0) {
                sb.append("|").append("---|".repeat(rows.get(0).size())).append('\n');
            }
        }
    }

    /** HTML table rows, the first as header cells. */
    public static void htmlRows(StringBuilder sb, List<List<String>> rows) {
        for (int i = 0; i < rows.size(); i++) {
            sb.append("<tr>");
            for (String cell : rows.get(i)) {
                sb.append(i == 0 ? "<th>" : "<td>").append(escape(cell)).append(i == 0 ? "</th>" : "</td>");
            }
            sb.append("</tr>");
        }
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
