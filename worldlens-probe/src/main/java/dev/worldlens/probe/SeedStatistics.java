package dev.worldlens.probe;

import java.util.List;

/** Mean and sample standard deviation of a figure over probe seeds (std 0 for a single seed). */
public record SeedStatistics(double mean, double std, int seeds) {
    public static SeedStatistics of(List<Double> values) {
        double m = 0;
        for (double v : values) {
            m += v;
        }
        m /= values.size();
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        double std = values.size() > 1 ? Math.sqrt(ss / (values.size() - 1)) : 0;
        return new SeedStatistics(m, std, values.size());
    }

    public String format() {
        return seeds > 1 ? String.format("%.3f ± %.3f", mean, std) : String.format("%.3f", mean);
    }
}
