package dev.worldlens.data.lerobot;

import java.util.Arrays;
import java.util.List;

/**
 * LeRobot's per-feature statistics: element-wise min, max, mean and (population) std over {@code count} frames,
 * and the quantiles q01, q10, q50, q90 and q99 (which pi0.5 normalises with). For images the vectors hold one value
 * per channel, in [0, 1], over the frames LeRobot samples ({@link #sampledFrames}). LeRobot computes in float32,
 * this in double: the figures agree to float32 precision.
 *
 * @param quantiles one vector per {@link #QUANTILES} entry, or null for stats read from files that have none
 */
record FeatureStats(double[] min, double[] max, double[] mean, double[] std, long count, double[][] quantiles) {
    /** LeRobot's DEFAULT_QUANTILES, written as q01 ... q99. */
    static final double[] QUANTILES = {0.01, 0.10, 0.50, 0.90, 0.99};
    static final List<String> QUANTILE_KEYS = List.of("q01", "q10", "q50", "q90", "q99");
    /** RunningQuantileStats' histogram resolution. */
    private static final int BINS = 5000;

    int dim() {
        return mean.length;
    }

    /**
     * The frames of an episode of n frames that LeRobot's compute_episode_stats reads for an image or video
     * feature (sample_indices): n^0.75 of them, at least 100 (or all when fewer), at most 10,000, spread evenly.
     */
    static int[] sampledFrames(int n) {
        int minimum = Math.min(100, n);
        int count = Math.max(minimum, Math.min((int) Math.pow(n, 0.75), 10_000));
        int[] out = new int[count];
        double step = count == 1 ? 0 : (n - 1) / (double) (count - 1);
        for (int i = 0; i < count; i++) {
            out[i] = (int) Math.rint(i * step); // numpy rounds half to even, as rint does
        }
        return out;
    }

    /**
     * Combines per-episode stats into dataset stats the way LeRobot's aggregate_stats does: count-weighted means,
     * the pooled variance (within-episode variance plus the spread of episode means), and for the quantiles, which
     * cannot be pooled, the envelope: the smallest of each lower quantile (q50 and below), the largest of each upper.
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
        boolean quantiles = true;
        for (FeatureStats p : parts) {
            if (p.dim() != d) {
                throw new IllegalArgumentException("stats of different sizes: " + d + " and " + p.dim());
            }
            total += p.count;
            quantiles &= p.quantiles != null;
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
        double[][] q = null;
        if (quantiles) {
            q = new double[QUANTILES.length][d];
            for (int k = 0; k < QUANTILES.length; k++) {
                boolean lower = QUANTILES[k] <= 0.5;
                Arrays.fill(q[k], lower ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
                for (FeatureStats p : parts) {
                    for (int i = 0; i < d; i++) {
                        q[k][i] = lower ? Math.min(q[k][i], p.quantiles[k][i]) : Math.max(q[k][i], p.quantiles[k][i]);
                    }
                }
            }
        }
        return new FeatureStats(min, max, mean, std, total, q);
    }

    /**
     * A quantile as LeRobot's RunningQuantileStats estimates it from one batch: a histogram of 5,000 equal bins from
     * min - 1e-10 to max + 1e-10, then linear interpolation inside the bin where the running count reaches
     * q x count. numpy does this in the data's precision: float32 for float32 and 8-bit data (bin edges computed and
     * compared in float32, which decides the bin of a value that falls on an edge), float64 for int64 data; so
     * here too.
     *
     * @param values  the values (for images: the 256 levels) and {@code weights} how often each occurs
     * @param float32 whether numpy holds the data as float32
     */
    static double quantile(double q, double[] values, long[] weights, double lo, double hi, boolean float32) {
        double[] edges = new double[BINS + 1];
        if (float32) {
            // np.linspace(min - 1e-10, max + 1e-10, 5001) in float32: arange * step + start, the last set to stop
            float first = (float) lo - 1e-10f;
            float last = (float) hi + 1e-10f;
            float step = (last - first) / BINS;
            for (int i = 0; i < BINS; i++) {
                edges[i] = (float) ((float) (i * step) + first);
            }
            edges[BINS] = last;
        } else {
            double first = lo - 1e-10;
            double last = hi + 1e-10;
            double step = (last - first) / BINS;
            for (int i = 0; i < BINS; i++) {
                edges[i] = i * step + first;
            }
            edges[BINS] = last;
        }
        long[] hist = new long[BINS];
        long total = 0;
        for (int j = 0; j < values.length; j++) {
            if (weights[j] == 0) {
                continue;
            }
            double x = float32 ? (float) values[j] : values[j];
            // numpy.histogram with explicit edges: bins are [e_k, e_k+1), the last one closed
            int b = java.util.Arrays.binarySearch(edges, x);
            b = b >= 0 ? b : -b - 2;
            b = Math.max(0, Math.min(BINS - 1, b));
            hist[b] += weights[j];
            total += weights[j];
        }
        double target = q * total;
        long cumulative = 0;
        for (int idx = 0; idx < BINS; idx++) {
            long before = cumulative;
            cumulative += hist[idx];
            if (cumulative >= target) {
                if (idx == 0) {
                    return edges[0];
                }
                if (hist[idx] == 0) {
                    return edges[idx];
                }
                double width = float32 ? (float) ((float) edges[idx + 1] - (float) edges[idx])
                        : edges[idx + 1] - edges[idx];
                return edges[idx] + (target - before) / (double) hist[idx] * width;
            }
        }
        return edges[BINS];
    }

    /** Accumulates values frame by frame; sums are kept in double so float32 data loses nothing that matters. */
    static final class Accumulator {
        private final double[] min;
        private final double[] max;
        private final double[] sum;
        private final double[] sumSq;
        /** Vector features: every value, per dimension, for the quantiles. */
        private final double[][] values;
        /** Image features: how often each 8-bit level occurred, per channel. */
        private long[][] levels;
        private long pixels;
        private long count;
        /** Whether LeRobot holds this feature as float32 (float32 and 8-bit data) rather than float64 (int64). */
        private final boolean float32;

        /** Stats of a float32 feature, or of an image. */
        Accumulator(int dim) {
            this(dim, true);
        }

        /** Stats of an int64 feature (frame_index, index, ...), which numpy promotes to float64. */
        static Accumulator ofIntegers(int dim) {
            return new Accumulator(dim, false);
        }

        private Accumulator(int dim, boolean float32) {
            this.float32 = float32;
            min = new double[dim];
            max = new double[dim];
            sum = new double[dim];
            sumSq = new double[dim];
            values = new double[dim][16];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
        }

        void add(float[] v) {
            for (int i = 0; i < v.length; i++) {
                addValue(i, v[i]);
            }
            count++;
        }

        void add(double value) {
            addValue(0, value);
            count++;
        }

        /**
         * Adds one frame of an image (width x height RGB) as per-channel values in [0, 1], every pixel of it, or
         * every k-th row and column when its larger side is 300 or more (LeRobot's auto_downsample_height_width,
         * k = larger side / 150).
         */
        void addImage(byte[] rgb, int width, int height) {
            if (levels == null) {
                levels = new long[3][256];
            }
            int k = Math.max(width, height) < 300 ? 1 : Math.max(width, height) / 150;
            for (int y = 0; y < height; y += k) {
                for (int x = 0; x < width; x += k) {
                    int p = (y * width + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        int v = rgb[p + c] & 0xff;
                        levels[c][v]++;
                        sum[c] += v / 255.0;
                        sumSq[c] += v * (double) v / (255.0 * 255.0);
                        min[c] = Math.min(min[c], v / 255.0);
                        max[c] = Math.max(max[c], v / 255.0);
                    }
                    pixels++;
                }
            }
            count++;
        }

        private void addValue(int i, double v) {
            min[i] = Math.min(min[i], v);
            max[i] = Math.max(max[i], v);
            sum[i] += v;
            sumSq[i] += v * v;
            if (count == values[i].length) {
                values[i] = Arrays.copyOf(values[i], values[i].length * 2);
            }
            values[i][(int) count] = v;
        }

        FeatureStats stats() {
            int d = sum.length;
            // image means are over every pixel read, as LeRobot reduces over frames, rows and columns at once
            double n = levels != null ? pixels : count;
            double[] mean = new double[d];
            double[] std = new double[d];
            for (int i = 0; i < d; i++) {
                mean[i] = n == 0 ? 0 : sum[i] / n;
                std[i] = n == 0 ? 0 : Math.sqrt(Math.max(0, sumSq[i] / n - mean[i] * mean[i]));
            }
            double[][] q = new double[QUANTILES.length][d];
            for (int k = 0; k < QUANTILES.length; k++) {
                for (int i = 0; i < d; i++) {
                    q[k][i] = count == 0 ? 0 : quantileOf(k, i, mean[i]);
                }
            }
            return new FeatureStats(count == 0 ? new double[d] : min.clone(), count == 0 ? new double[d] : max.clone(),
                    mean, std, count, q);
        }

        private double quantileOf(int k, int i, double mean) {
            if (levels != null) {
                double[] v = new double[256];
                int lo = 255;
                int hi = 0;
                for (int level = 0; level < 256; level++) {
                    v[level] = level;
                    if (levels[i][level] > 0) {
                        lo = Math.min(lo, level);
                        hi = Math.max(hi, level);
                    }
                }
                // LeRobot bins the 8-bit levels and divides the quantile by 255 afterwards
                return quantile(QUANTILES[k], v, levels[i], lo, hi, true) / 255.0;
            }
            if (count < 2) {
                // LeRobot's _compute_basic_stats: too few samples for a histogram, every quantile is the mean
                return mean;
            }
            long[] ones = new long[(int) count];
            Arrays.fill(ones, 1);
            return quantile(QUANTILES[k], Arrays.copyOf(values[i], (int) count), ones, min[i], max[i], float32);
        }
    }
}
