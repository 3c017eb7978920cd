package dev.worldlens.study;

import dev.worldlens.core.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The study's plots as PNG files under figures/: the Pareto plot (PSNR against R², frontier marked), robustness
 * curves (one panel per corruption), the per-layer curve, the probe-budget curve, static against randomised, and
 * R² per action group. Returns the files by section name; a section with nothing to draw is left out.
 */
final class StudyFigures {
    static final String PARETO = "pareto";
    static final String LAYERS = "layers";
    static final String BUDGET = "budget";
    static final String SETTINGS = "settings";
    static final String GROUPS = "groups";
    static final String ROBUSTNESS = "robustness-";
    private static final int W = 720;
    private static final int H = 440;

    private StudyFigures() {
    }

    static Map<String, Path> draw(StudyLayout layout, StudyResults r) {
        Map<String, Path> out = new LinkedHashMap<>();
        StudyCells cells = StudyCells.of(r.main());
        String kind = StudyCells.headline(r.main());
        List<StudyCells.Cell> headline = cells.select(Study.MAIN_SETTING, kind, 1);
        EncoderStyles styles = new EncoderStyles(r.main());
        if (!r.fidelity().isEmpty()) {
            out.put(PARETO, save(layout, PARETO, pareto(r.fidelity(), headline, kind, styles)));
        }
        if (!r.layers().isEmpty()) {
            out.put(LAYERS, save(layout, LAYERS, curves(r.layers(), styles, "Per-layer probe (" + kind
                    + ", randomised)", "block", kind)));
        }
        if (!r.budget().isEmpty()) {
            out.put(BUDGET, save(layout, BUDGET, curves(r.budget(), styles, "Probe budget (" + kind
                    + ", randomised)", "probe training episodes", kind)));
        }
        if (r.main().stream().map(StudyResults.MainRow::setting).distinct().count() > 1) {
            out.put(SETTINGS, save(layout, SETTINGS, settings(cells, kind)));
        }
        out.put(GROUPS, save(layout, GROUPS, groups(headline, kind)));
        Set<String> corruptions = new LinkedHashSet<>();
        r.robustness().forEach(p -> corruptions.add(p.corruption()));
        List<StudyCells.Cell> mlp = cells.select(Study.MAIN_SETTING, "mlp", 1);
        for (String c : corruptions) {
            out.put(ROBUSTNESS + c, save(layout, ROBUSTNESS + c, robustness(c, r.robustness(), mlp, styles)));
        }
        return out;
    }

    /** PSNR on x, R² on y, one point per encoder; the frontier joins the points no other beats on both axes. */
    private static XYChart pareto(List<StudyResults.FidelityRow> fidelity, List<StudyCells.Cell> mlp,
                                  String kind, EncoderStyles styles) {
        XYChart chart = xy("Action R² against visual fidelity (Pareto)", "PSNR (dB), decoder on frozen features",
                "action R² (" + kind + " probe)");
        List<double[]> points = new ArrayList<>();
        for (StudyResults.FidelityRow f : fidelity) {
            StudyCells.Cell row = mlp.stream().filter(m -> m.encoder().equals(f.encoder())).findFirst()
                    .orElse(null);
            if (row == null) {
                continue;
            }
            points.add(new double[]{f.psnr(), row.r2()});
            XYSeries s = chart.addSeries(f.encoder(), new double[]{f.psnr()}, new double[]{row.r2()});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            styles.apply(s, f.encoder());
        }
        padY(chart, points.stream().mapToDouble(p -> p[1]).toArray());
        List<double[]> frontier = new ArrayList<>();
        for (double[] p : points) {
            boolean dominated = points.stream().anyMatch(q -> q != p && q[0] >= p[0] && q[1] >= p[1]
                    && (q[0] > p[0] || q[1] > p[1]));
            if (!dominated) {
                frontier.add(p);
            }
        }
        frontier.sort(Comparator.comparingDouble(p -> p[0]));
        if (!frontier.isEmpty()) {
            XYSeries s = chart.addSeries("Pareto frontier", frontier.stream().mapToDouble(p -> p[0]).toArray(),
                    frontier.stream().mapToDouble(p -> p[1]).toArray());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Color.BLACK);
        }
        return chart;
    }

    private static XYChart curves(List<StudyResults.CurvePoint> points, EncoderStyles styles, String title,
                                  String xTitle, String kind) {
        XYChart chart = xy(title, xTitle, "action R² (" + kind + " probe)");
        Map<String, List<StudyResults.CurvePoint>> byEncoder = new LinkedHashMap<>();
        points.forEach(p -> byEncoder.computeIfAbsent(p.encoder(), k -> new ArrayList<>()).add(p));
        byEncoder.forEach((name, ps) -> styles.apply(chart.addSeries(name, ps.stream()
                .mapToDouble(StudyResults.CurvePoint::x).toArray(), ps.stream()
                .mapToDouble(StudyResults.CurvePoint::r2).toArray()), name));
        return chart;
    }

    /** R² against severity for one corruption, severity 0 being the clean score of the main table. */
    private static XYChart robustness(String corruption, List<StudyResults.RobustnessPoint> all,
                                      List<StudyCells.Cell> clean, EncoderStyles styles) {
        XYChart chart = xy("Robustness: " + corruption, "severity (0 = clean)", "action R² (MLP probe)");
        Map<String, List<StudyResults.RobustnessPoint>> byEncoder = new LinkedHashMap<>();
        all.stream().filter(p -> p.corruption().equals(corruption))
                .forEach(p -> byEncoder.computeIfAbsent(p.encoder(), k -> new ArrayList<>()).add(p));
        byEncoder.forEach((name, ps) -> {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            clean.stream().filter(m -> m.encoder().equals(name)).findFirst().ifPresent(m -> {
                x.add(0.0);
                y.add(m.r2());
            });
            ps.stream().sorted(Comparator.comparingInt(StudyResults.RobustnessPoint::severity)).forEach(p -> {
                x.add((double) p.severity());
                y.add(p.r2());
            });
            styles.apply(chart.addSeries(name, x, y), name);
        });
        return chart;
    }

    private static CategoryChart settings(StudyCells cells, String kind) {
        CategoryChart chart = category("Static against randomised (" + kind + " probe, k = 1)",
                "action R² (" + kind + " probe)");
        Map<String, Map<String, Double>> bySetting = new LinkedHashMap<>();
        for (StudyCells.Cell c : cells.cells()) {
            if (c.probe().equals(kind) && c.k() == 1) {
                bySetting.computeIfAbsent(c.setting(), k -> new LinkedHashMap<>()).put(c.encoder(), c.r2());
            }
        }
        bySetting.forEach((setting, values) -> chart.addSeries(setting, new ArrayList<>(values.keySet()),
                new ArrayList<>(values.values())));
        return chart;
    }

    private static CategoryChart groups(List<StudyCells.Cell> cells, String kind) {
        CategoryChart chart = category("R² per action group (" + kind + ", k = 1, randomised)", "action R²");
        Set<String> groupNames = new LinkedHashSet<>();
        cells.forEach(m -> groupNames.addAll(m.groups().keySet()));
        List<String> encoders = cells.stream().map(StudyCells.Cell::encoder).toList();
        for (String g : groupNames) {
            chart.addSeries(g, encoders, cells.stream().map(m -> m.groups().getOrDefault(g, Double.NaN)).toList());
        }
        return chart;
    }

    private static XYChart xy(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(W).height(H).title(title).xAxisTitle(x).yAxisTitle(y).build();
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(8);
        return chart;
    }

    private static CategoryChart category(String title, String y) {
        CategoryChart chart = new CategoryChartBuilder().width(W).height(H).title(title).yAxisTitle(y).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(90);
        // XChart drops category labels closer than its spacing hint (74 px), which hid every other encoder's name
        chart.getStyler().setXAxisTickMarkSpacingHint(12);
        return chart;
    }

    /** 6% of the range above and below the points, so that the top and bottom markers are drawn whole. */
    private static void padY(XYChart chart, double[] ys) {
        double lo = Arrays.stream(ys).min().orElse(0);
        double hi = Arrays.stream(ys).max().orElse(1);
        double pad = Math.max(hi - lo, 1e-3) * 0.06;
        chart.getStyler().setYAxisMin(lo - pad);
        chart.getStyler().setYAxisMax(hi + pad);
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
    }

    private static Path save(StudyLayout layout, String name, Chart<?, ?> chart) {
        Path file = layout.figures().resolve(name + ".png");
        // the stream form: given a file name, XChart would append its own ".png" to the temporary name
        AtomicFiles.writeStream(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        return file;
    }
}
