package dev.worldlens.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main table folded over split seeds: one cell per setting, encoder, probe kind and frame gap k, with the mean
 * R² over split seeds, its spread over split seeds (std; 0 with one seed) and the largest std over probe seeds
 * under any one split (the figure the seed-spread target reads). Tables and plots read these cells.
 */
record StudyCells(List<Cell> cells) {

    /** One folded cell; {@code groups} are per action group, averaged over split seeds like {@code r2}. */
    record Cell(String setting, String encoder, String family, String variant, String probe, int k, double r2,
                double splitStd, double seedStd, double r2Uniform, Map<String, Double> groups) {
    }

    static StudyCells of(List<StudyResults.MainRow> main) {
        Map<String, List<StudyResults.MainRow>> byCell = new LinkedHashMap<>();
        for (StudyResults.MainRow m : main) {
            byCell.computeIfAbsent(m.setting() + "\t" + m.encoder() + "\t" + m.probe() + "\t" + m.k(),
                    x -> new ArrayList<>()).add(m);
        }
        List<Cell> out = new ArrayList<>();
        for (List<StudyResults.MainRow> rows : byCell.values()) {
            StudyResults.MainRow first = rows.get(0);
            double[] r2 = rows.stream().mapToDouble(StudyResults.MainRow::r2).toArray();
            double mean = mean(r2);
            double var = 0;
            for (double v : r2) {
                var += (v - mean) * (v - mean);
            }
            double splitStd = r2.length > 1 ? Math.sqrt(var / (r2.length - 1)) : 0;
            double seedStd = rows.stream().mapToDouble(StudyResults.MainRow::r2Std).max().orElse(0);
            Map<String, Double> groups = new LinkedHashMap<>();
            for (String g : first.r2PerGroup().keySet()) {
                groups.put(g, mean(rows.stream().mapToDouble(x -> x.r2PerGroup().getOrDefault(g, Double.NaN))
                        .toArray()));
            }
            out.add(new Cell(first.setting(), first.encoder(), first.family(), first.variant(), first.probe(),
                    first.k(), mean, splitStd, seedStd,
                    mean(rows.stream().mapToDouble(StudyResults.MainRow::r2Uniform).toArray()), groups));
        }
        return new StudyCells(List.copyOf(out));
    }

    /** The headline probe kind: the first kind of the first row (the study's first kind). */
    static String headline(List<StudyResults.MainRow> main) {
        return main.isEmpty() ? "ridge" : main.get(0).probe();
    }

    /** The cells of one setting, probe kind and k, in encoder order. */
    List<Cell> select(String setting, String probe, int k) {
        return cells.stream().filter(c -> c.setting().equals(setting) && c.probe().equals(probe) && c.k() == k)
                .toList();
    }

    /** One encoder's cell, or null. */
    Cell find(String setting, String encoder, String probe, int k) {
        return cells.stream().filter(c -> c.setting().equals(setting) && c.encoder().equals(encoder)
                && c.probe().equals(probe) && c.k() == k).findFirst().orElse(null);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}
