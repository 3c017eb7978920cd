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
    static final List<String> SECTIONS = List.of("main", "ranking", "pretraining", "pareto", "robustness", "layers",
            "budget", "settings", "groups");

    private StudyReport() {
    }

    static Path write(StudyLayout layout, StudyConfig config, StudyResults r, Map<String, Path> figures) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>WorldLens "
                + "study</title><style>body{font-family:sans-serif;margin:2em;color:#222;max-width:1400px}"
                + "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #bbb;padding:3px 9px;"
                + "text-align:right;white-space:nowrap}th{background:#eee;text-align:center}"
                + "td:first-child{text-align:left}"
                + "caption{caption-side:bottom;padding-top:6px;font-size:90%;color:#555;text-align:left}"
                + "img{max-width:100%;margin:6px 0}.grid{display:flex;flex-wrap:wrap;gap:8px}"
                + ".grid img{width:560px}</style></head><body>");
        sb.append("<h1>Which representations carry action-relevant structure? (preset ")
                .append(esc(config.preset())).append(")</h1>");
        sb.append("<p>Tabletop simulator, ").append(config.data().episodes()).append(" episodes per setting (scenes ")
                .append(esc(config.data().scenes())).append(", ").append(esc(config.data().camera())).append(" camera ")
                .append(config.data().cameraSize()).append(" px); encoders pretrained on the training tasks of the "
                        + "randomised setting; probes read the action from (z_t, z_t+k) of held-out task families (one "
                        + "family of each kind: pushes, rotations, articulated parts, pick-and-place), k = ")
                .append(config.probe().k()).append(" (k &gt; 1: the summed action), on split seeds ")
                .append(esc(String.valueOf(r.main().stream().map(StudyResults.MainRow::splitSeed).distinct().toList())))
                .append(" with ").append(config.probe().seeds().size()).append(" probe seeds each. Wall time of this "
                        + "run: ").append(String.format(Locale.ROOT, "%.0f s", r.seconds()))
                .append(" (stages reused from an earlier run cost nothing).</p>");

        section(sb, "main", "Main table (randomised setting)");
        ProbeReport.htmlRows(sb.append("<table>"), mainTable(r));
        sb.append("<caption>R²: the mean over action groups (translation, rotation, gripper) of each group's "
                + "R² variance-weighted over its dimensions (scikit-learn's multioutput='variance_weighted'), so "
                + "that neither a near-constant dimension nor the high-variance gripper command dominates; mean "
                + "over split seeds ± std over split seeds. Seed std: the largest std over probe seeds under one split. Δ twin: the "
                + "family minus its untrained twin (same architecture and input, the weights pretraining started "
                + "from) under the headline probe at k = 1: what pretraining added. References: state (the "
                + "simulator state), raw (16x16 pixels), random-vit, motion (a classical global-motion estimate plus "
                + "16x16 luma pixels, no learning: the observability ceiling), pixel-id (a CNN trained end to end on "
                + "the two frames: the supervised ceiling). Groups: the headline probe at k = 1 (pixel-id: its CNN). "
                + "PSNR/SSIM (full preset): a decoder trained with the same budget on each frozen representation; "
                + "native: the family's own decoder.</caption></table>");

        section(sb, "ranking", "Ranking against the paper (frozen families, k = 1, mean over split seeds)");
        for (StudyResults.SplitAgreement a : r.splitAgreement()) {
            sb.append("<p>").append(esc(String.format(Locale.ROOT, "Split seeds %d and %d order the %d families "
                    + "alike with Spearman's rho %.2f (%s probe, k = %d).", a.splitSeedA(), a.splitSeedB(),
                    a.families(), a.rho(), a.probe(), a.k()))).append("</p>");
        }
        for (FamilyRanking ranking : r.ranking()) {
            ProbeReport.htmlRows(sb.append("<table>"), ranking.rows());
            sb.append("<caption>").append(esc(ranking.summaryLine())).append("</caption></table>");
        }
        if (r.ranking().isEmpty()) {
            sb.append("<p>Fewer than two families were probed: no ranking.</p>");
        }

        section(sb, "pretraining", "Pretraining runs");
        ProbeReport.htmlRows(sb.append("<table>"), pretrainingTable(r));
        sb.append("<caption>Loss: mean of the first and last logged windows (the family's own objective, plus the "
                + "auxiliary head for +ID). Spread: the pooled features' spread across 64 fixed clips relative to "
                + "their size, at the start and the end (about 0: every input maps to the same vector, a collapse; "
                + "a run stops when it falls below 2% of its start). ID L1: the inverse-dynamics head's L1 on "
                + "standardised actions in the last window (predicting zero gives about 0.8).</caption></table>");

        section(sb, "pareto", "Visual fidelity against action R² (Pareto)");
        if (config.fidelity() == null) {
            sb.append("<p>Visual fidelity is measured in the full preset; this one leaves it out.</p>");
        } else {
            image(sb, figures.get(StudyFigures.PARETO));
        }

        section(sb, "robustness", "Robustness to corruptions (probe trained on clean features)");
        if (config.robustness() == null) {
            sb.append("<p>The corruption sweep runs in the full preset; this one leaves it out.</p>");
        } else {
            ProbeReport.htmlRows(sb.append("<table>"), robustnessTable(r));
            sb.append("<caption>MLP probe R² (k = 1) on corrupted held-out frames, mean over seeds.</caption>"
                    + "</table>");
            sb.append("<div class=\"grid\">");
            figures.forEach((name, file) -> {
                if (name.startsWith(StudyFigures.ROBUSTNESS)) {
                    image(sb, file);
                }
            });
            sb.append("</div>");
        }

        section(sb, "layers", "Per-layer probe");
        image(sb, figures.get(StudyFigures.LAYERS));
        section(sb, "budget", "Probe budget");
        image(sb, figures.get(StudyFigures.BUDGET));
        section(sb, "settings", "Static against randomised");
        if (config.data().settings().size() < 2) {
            sb.append("<p>The static setting is probed in the full preset; this one probes the randomised setting "
                    + "only.</p>");
        } else {
            ProbeReport.htmlRows(sb.append("<table>"), settingsTable(r));
            sb.append("</table>");
            image(sb, figures.get(StudyFigures.SETTINGS));
        }
        section(sb, "groups", "R² per action group");
        image(sb, figures.get(StudyFigures.GROUPS));
        sb.append("<p>Config, seeds, versions and data fingerprints: config.yaml and provenance.json beside this "
                + "page; every number: results.json.</p></body></html>\n");
        Path out = layout.root().resolve("report.html");
        AtomicFiles.writeString(out, sb.toString());
        return out;
    }

    private static List<List<String>> mainTable(StudyResults r) {
        StudyCells cells = StudyCells.of(r.main());
        String headline = StudyCells.headline(r.main());
        List<StudyCells.Cell> main = cells.cells().stream().filter(c -> c.setting().equals(Study.MAIN_SETTING))
                .toList();
        List<String> columns = main.stream().map(c -> c.probe() + "\t" + c.k()).distinct().toList();
        List<StudyCells.Cell> byHeadline = cells.select(Study.MAIN_SETTING, headline, 1);
        Set<String> groups = new LinkedHashSet<>();
        byHeadline.forEach(m -> groups.addAll(m.groups().keySet()));
        List<String> header = new ArrayList<>(List.of("encoder", "family", "variant"));
        columns.forEach(c -> header.add("R² " + c.replace("\t", " k=")));
        header.addAll(List.of("Δ twin", "seed std"));
        groups.forEach(g -> header.add(g));
        boolean fidelity = !r.fidelity().isEmpty();
        if (fidelity) {
            header.addAll(List.of("PSNR (dB)", "SSIM", "native PSNR", "native SSIM"));
        }
        List<List<String>> rows = new ArrayList<>(List.of(header));
        for (String encoder : main.stream().map(StudyCells.Cell::encoder).distinct().toList()) {
            StudyCells.Cell any = main.stream().filter(c -> c.encoder().equals(encoder)).findFirst().orElseThrow();
            List<String> row = new ArrayList<>(List.of(encoder, any.family(), any.variant()));
            double seedStd = 0;
            for (String c : columns) {
                String[] kk = c.split("\t");
                StudyCells.Cell cell = cells.find(Study.MAIN_SETTING, encoder, kk[0], Integer.parseInt(kk[1]));
                row.add(cell == null ? "" : String.format(Locale.ROOT, "%.3f ± %.3f", cell.r2(), cell.splitStd()));
                seedStd = cell == null ? seedStd : Math.max(seedStd, cell.seedStd());
            }
            // a reference read by its own probe only (pixel-id: the CNN) shows that probe's groups
            StudyCells.Cell own = cells.find(Study.MAIN_SETTING, encoder, headline, 1);
            StudyCells.Cell mine = own != null ? own : main.stream()
                    .filter(c -> c.encoder().equals(encoder) && c.k() == 1).findFirst().orElse(null);
            StudyCells.Cell twin = cells.find(Study.MAIN_SETTING, encoder + StudyEncoder.UNTRAINED_SUFFIX, headline,
                    1);
            row.add(mine == null || twin == null ? "" : String.format(Locale.ROOT, "%+.3f", mine.r2() - twin.r2()));
            row.add(String.format(Locale.ROOT, "%.3f", seedStd));
            groups.forEach(g -> row.add(mine == null ? "" : num(mine.groups().get(g), "%.3f")));
            StudyResults.FidelityRow f = r.fidelity().stream().filter(x -> x.encoder().equals(encoder))
                    .findFirst().orElse(null);
            if (fidelity) {
                row.add(f == null ? "" : num(f.psnr(), "%.2f"));
                row.add(f == null ? "" : num(f.ssim(), "%.3f"));
                row.add(f == null ? "" : num(f.nativePsnr(), "%.2f"));
                row.add(f == null ? "" : num(f.nativeSsim(), "%.3f"));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<List<String>> pretrainingTable(StudyResults r) {
        List<List<String>> rows = new ArrayList<>(List.of(List.of("encoder", "variant", "steps", "first loss",
                "last loss", "spread start", "spread end", "ID L1")));
        for (StudyResults.PretrainingRow p : r.pretraining()) {
            rows.add(List.of(p.encoder(), p.variant(), Integer.toString(p.steps()), num(p.firstLoss(), "%.4f"),
                    num(p.lastLoss(), "%.4f"), num(p.spreadStart(), "%.3f"), num(p.spreadEnd(), "%.3f"),
                    num(p.idL1(), "%.3f")));
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
        StudyCells cells = StudyCells.of(r.main());
        for (String encoder : encoders) {
            StudyCells.Cell c = cells.find(Study.MAIN_SETTING, encoder, "mlp", 1);
            clean.add(c == null ? "" : num(c.r2(), "%.3f"));
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
        StudyCells cells = StudyCells.of(r.main());
        String kind = StudyCells.headline(r.main());
        List<String> settings = r.main().stream().map(StudyResults.MainRow::setting).distinct().toList();
        List<String> header = new ArrayList<>(List.of("encoder"));
        settings.forEach(s -> header.add("R² " + kind + ", " + s));
        List<List<String>> rows = new ArrayList<>(List.of(header));
        for (String encoder : r.main().stream().map(StudyResults.MainRow::encoder).distinct().toList()) {
            List<String> row = new ArrayList<>(List.of(encoder));
            for (String s : settings) {
                StudyCells.Cell c = cells.find(s, encoder, kind, 1);
                row.add(c == null ? "" : num(c.r2(), "%.3f"));
            }
            rows.add(row);
        }
        return rows;
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
