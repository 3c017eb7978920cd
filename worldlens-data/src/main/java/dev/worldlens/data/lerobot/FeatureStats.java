package dev.worldlens.data.lerobot;

import java.util.Arrays;
import java.util.List;

/**
 * LeRobot's per-feature statistics: element-wise min, max, mean and (population) std over {@code count} frames.
 * For images the vectors hold one value per channel, in [0, 1].
 */
record FeatureStats(double[] min, double[] max, double[] mean, double[] std, long count) {

    int dim() {
        return mean.length;
    }

    /**
     * Combines per-episode stats into dataset stats the way LeRobot's aggregate_stats does: count-weighted means and
     * the pooled variance (within-episode variance plus the spread of episode means).
     */
    static FeatureStats merge(List<FeatureStats> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no stats to merge");
        }
        int d = parts.get(0).dim();
        double[] min = new double[d];
        double[] max = new double[d];
        double[] mean = new double[d];
        double[] var = new double[d];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        long total = 0;
        for (FeatureStats p : parts) {
            if (p.dim() != d) {
                throw new IllegalArgumentException("stats of different sizes: " + d + " and " + p.dim());
            }
            total += p.count;
            for (int i = 0; i < d; i++) {
                min[i] = Math.min(min[i], p.min[i]);
                max[i] = Math.max(max[i], p.max[i]);
                mean[i] += p.mean[i] * p.count;
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] = total == 0 ? 0 : mean[i] / total;
        }
        for (FeatureStats p : parts) {
            for (int i = 0; i < d; i++) {
                double dm = p.mean[i] - mean[i];
                var[i] += p.count * (p.std[i] * p.std[i] + dm * dm);
            }
        }
        double[] std = new double[d];
        for (int i = 0; i < d; i++) {
            std[i] = total == 0 ? 0 : Math.sqrt(var[i] / total);
        }
        return new FeatureStats(min, max, mean, std, total);
    }

    /** Accumulates values frame by frame; sums are kept in double so float32 data loses nothing that matters. */
    static final class Accumulator {
        private final double[] min;
        private final double[] max;
        private final double[] sum;
        private final double[] sumSq;
        private long count;

        Accumulator(int dim) {
            min = new double[dim];
            max = new double[dim];
            sum = new double[dim];
            sumSq = new double[dim];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
        }

        void add(float[] values) {
            for (int i = 0; i < values.length; i++) {
                addValue(i, values[i]);
            }
            count++;
        }

        void add(double value) {
            addValue(0, value);
            count++;
        }

        /** Adds one frame of an image as per-channel values in [0, 1]. */
        void addImage(byte[] rgb) {
            double[] s = new double[3];
            double[] sq = new double[3];
            int[] lo = {255, 255, 255};
            int[] hi = {0, 0, 0};
            for (int i = 0; i < rgb.length; i++) {
                int c = i % 3;
                int v = rgb[i] & 0xff;
                s[c] += v;
                sq[c] += (double) v * v;
                lo[c] = Math.min(lo[c], v);
                hi[c] = Math.max(hi[c], v);
            }
            // image stats are per pixel; weight each frame equally, as LeRobot does with its sampled frames
            double n = rgb.length / 3.0;
            for (int c = 0; c < 3; c++) {
                double m = s[c] / n / 255.0;
                sum[c] += m;
                sumSq[c] += sq[c] / n / (255.0 * 255.0);
                min[c] = Math.min(min[c], lo[c] / 255.0);
                max[c] = Math.max(max[c], hi[c] / 255.0);
            }
            count++;
        }

        private void addValue(int i, double v) {
            min[i] = Math.min(min[i], v);
            max[i] = Math.max(max[i], v);
            sum[i] += v;
            sumSq[i] += v * v;
        }

        FeatureStats stats() {
            int d = sum.length;
            double[] mean = new double[d];
            double[] std = new double[d];
            for (int i = 0; i < d; i++) {
                mean[i] = count == 0 ? 0 : sum[i] / count;
                std[i] = count == 0 ? 0 : Math.sqrt(Math.max(0, sumSq[i] / count - mean[i] * mean[i]));
            }
            return new FeatureStats(count == 0 ? new double[d] : min.clone(), count == 0 ? new double[d] : max.clone(),
                    mean, std, count);
        }
    }
}
