package dev.worldlens.study;

import dev.worldlens.core.AtomicFiles;
import dev.worldlens.probe.FamilyRanking;
import dev.worldlens.probe.ProbeReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * report.html: one self-contained page (plots embedded as PNG data URIs) with a section per analysis. Section ids
 * (main, ranking, pareto, robustness, layers, budget, settings, groups) let tests and readers find them.
 */
final class StudyReport {
    static final List<String> SECTIONS = List.of("main", "ranking", "pareto", "robustness", "layers", "budget",
            "settings", "groups");

    private StudyReport() {
    }

    static Path write(StudyLayout layout, StudyConfig config, StudyResults r, Map<String, Path> figures) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>WorldLens "
                + "study</title><style>body{font-family:sans-serif;margin:2em;color:#222;max-width:1200px}"
                + "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #bbb;padding:3px 9px;"
                + "text-align:right}th{background:#eee;text-align:center}td:first-child{text-align:left}"
                + "caption{caption-side:bottom;padding-top:6px;font-size:90%;color:#555;text-align:left}"
                + "img{max-width:100%;margin:6px 0}.grid{display:flex;flex-wrap:wrap;gap:8px}"
                + ".grid img{width:560px}</style></head><body>");
        sb.append("<h1>Which representations carry action-relevant structure? (preset ")
                .append(esc(config.preset())).append(")</h1>");
        sb.append("<p>Tabletop simulator, ").append(config.data().episodes()).append(" episodes per setting (scenes ")
                .append(esc(config.data().scenes())).append(", ").append(esc(config.data().camera())).append(" camera ")
                .append(config.data().cameraSize()).append(" px); encoders pretrained on the training tasks of the randomised setting; probes read a_t "
                        + "from (z_t, z_t+1) of held-out task families, ").append(config.probe().seeds().size())
                .append(" seeds. Wall time of this run: ").append(String.format(Locale.ROOT, "%.0f s", r.seconds()))
                .append(" (stages reused from an earlier run cost nothing).</p>");

        section(sb, "main", "Main table (randomised setting)");
        ProbeReport.htmlRows(sb.append("<table>"), mainTable(r));
        sb.append("<caption>R² (scikit-learn r2_score, uniform over action dimensions) mean ± std over seeds on "
                + "held-out task families; per-group columns are the MLP probe's. PSNR/SSIM: a decoder trained with "
                + "the same budget on each frozen representation; native: the family's own decoder."
                + "</caption></table>");

        section(sb, "ranking", "Ranking against the paper (frozen families, MLP probe)");
        for (FamilyRanking ranking : r.ranking()) {
            ProbeReport.htmlRows(sb.append("<table>"), ranking.rows());
            sb.append("<caption>").append(esc(ranking.summaryLine())).append("</caption></table>");
        }
        if (r.ranking().isEmpty()) {
            sb.append("<p>Fewer than two families were probed: no ranking.</p>");
        }

        section(sb, "pareto", "Visual fidelity against action R² (Pareto)");
        image(sb, figures.get(StudyFigures.PARETO));

        section(sb, "robustness", "Robustness to corruptions (probe trained on clean features)");
        ProbeReport.htmlRows(sb.append("<table>"), robustnessTable(r));
        sb.append("<caption>MLP probe R² on corrupted held-out frames, mean over seeds.</caption></table>");
        sb.append("<div class=\"grid\">");
        figures.forEach((name, file) -> {
            if (name.startsWith(StudyFigures.ROBUSTNESS)) {
                image(sb, file);
            }
        });
        sb.append("</div>");

        section(sb, "layers", "Per-layer probe");
        image(sb, figures.get(StudyFigures.LAYERS));
        section(sb, "budget", "Probe budget");
        image(sb, figures.get(StudyFigures.BUDGET));
        section(sb, "settings", "Static against randomised");
        ProbeReport.htmlRows(sb.append("<table>"), settingsTable(r));
        sb.append("</table>");
        image(sb, figures.get(StudyFigures.SETTINGS));
        section(sb, "groups", "R² per action group");
        image(sb, figures.get(StudyFigures.GROUPS));
        sb.append("<p>Config, seeds, versions and data fingerprints: config.yaml and provenance.json beside this "
                + "page; every number: results.json.</p></body></html>\n");
        Path out = layout.root().resolve("report.html");
        AtomicFiles.writeString(out, sb.toString());
        return out;
    }

    private static List<List<String>> mainTable(StudyResults r) {
        List<String> kinds = r.main().stream().map(StudyResults.MainRow::probe).distinct().toList();
        Set<String> groups = new LinkedHashSet<>();
        main(r, "mlp").forEach(m -> groups.addAll(m.r2PerGroup().keySet()));
        List<String> header = new ArrayList<>(List.of("encoder", "family", "variant"));
        kinds.forEach(k -> header.add("R² " + k));
        groups.forEach(g -> header.add(g));
        header.addAll(List.of("PSNR (dB)", "SSIM", "native PSNR", "native SSIM"));
        List<List<String>> rows = new ArrayList<>(List.of(header));
        for (StudyResults.MainRow m : main(r, kinds.get(0))) {
            List<String> row = new ArrayList<>(List.of(m.encoder(), m.family(), m.variant()));
            for (String k : kinds) {
                row.add(main(r, k).stream().filter(x -> x.encoder().equals(m.encoder())).findFirst()
                        .map(x -> String.format(Locale.ROOT, "%.3f ± %.3f", x.r2(), x.r2Std())).orElse(""));
            }
            StudyResults.MainRow mlp = main(r, "mlp").stream().filter(x -> x.encoder().equals(m.encoder()))
                    .findFirst().orElse(null);
            groups.forEach(g -> row.add(mlp == null ? "" : num(mlp.r2PerGroup().get(g), "%.3f")));
            StudyResults.FidelityRow f = r.fidelity().stream().filter(x -> x.encoder().equals(m.encoder()))
                    .findFirst().orElse(null);
            row.add(f == null ? "" : num(f.psnr(), "%.2f"));
            row.add(f == null ? "" : num(f.ssim(), "%.3f"));
            row.add(f == null ? "" : num(f.nativePsnr(), "%.2f"));
            row.add(f == null ? "" : num(f.nativeSsim(), "%.3f"));
            rows.add(row);
        }
        return rows;
    }

    /** One row per corruption and severity (clean first), one column per encoder: fits the page at any sweep. */
    private static List<List<String>> robustnessTable(StudyResults r) {
        List<String> encoders = r.robustness().stream().map(StudyResults.RobustnessPoint::encoder).distinct().toList();
        List<String> header = new ArrayList<>(List.of("corruption", "severity"));
        header.addAll(encoders);
        List<List<String>> rows = new ArrayList<>(List.of(header));
        List<String> clean = new ArrayList<>(List.of("clean", "0"));
        for (String encoder : encoders) {
            clean.add(main(r, "mlp").stream().filter(x -> x.encoder().equals(encoder)).findFirst()
                    .map(x -> num(x.r2(), "%.3f")).orElse(""));
        }
        rows.add(clean);
        List<String> sets = new ArrayList<>();
        r.robustness().forEach(p -> {
            String key = p.corruption() + "\t" + p.severity();
            if (!sets.contains(key)) {
                sets.add(key);
            }
        });
        for (String set : sets) {
            String[] parts = set.split("\t");
            List<String> row = new ArrayList<>(List.of(parts[0], parts[1]));
            for (String encoder : encoders) {
                row.add(r.robustness().stream().filter(p -> p.encoder().equals(encoder)
                        && p.corruption().equals(parts[0]) && Integer.toString(p.severity()).equals(parts[1]))
                        .findFirst().map(p -> num(p.r2(), "%.3f")).orElse(""));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<List<String>> settingsTable(StudyResults r) {
        List<String> settings = r.main().stream().map(StudyResults.MainRow::setting).distinct().toList();
        List<String> header = new ArrayList<>(List.of("encoder"));
        settings.forEach(s -> header.add("R² mlp, " + s));
        List<List<String>> rows = new ArrayList<>(List.of(header));
        for (String encoder : r.main().stream().map(StudyResults.MainRow::encoder).distinct().toList()) {
            List<String> row = new ArrayList<>(List.of(encoder));
            for (String s : settings) {
                row.add(r.main().stream().filter(m -> m.setting().equals(s) && m.encoder().equals(encoder)
                        && m.probe().equals("mlp")).findFirst().map(m -> num(m.r2(), "%.3f")).orElse(""));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<StudyResults.MainRow> main(StudyResults r, String kind) {
        return r.main().stream().filter(m -> m.probe().equals(kind) && m.setting().equals(Study.MAIN_SETTING))
                .toList();
    }

    private static void section(StringBuilder sb, String id, String title) {
        sb.append("<h2 id=\"").append(id).append("\">").append(esc(title)).append("</h2>");
    }

    private static void image(StringBuilder sb, Path png) {
        if (png == null) {
            sb.append("<p>Nothing measured for this section in this preset.</p>");
            return;
        }
        try {
            sb.append("<img alt=\"").append(esc(png.getFileName().toString())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(Files.readAllBytes(png))).append("\">");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot embed " + png, e);
        }
    }

    private static String num(Double v, String format) {
        return v == null ? "" : String.format(Locale.ROOT, format, v);
    }

    private static String esc(String s) {
        return ProbeReport.escape(s);
    }
}
