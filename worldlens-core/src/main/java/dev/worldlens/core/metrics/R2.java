package dev.worldlens.core.metrics;

import java.util.List;

/**
 * Coefficient of determination with scikit-learn's r2_score semantics: per output 1 - SS_res / SS_tot, which is
 * negative when predictions are worse than the mean; a constant target scores 1 if predicted exactly, else 0.
 * Two averages over outputs: 'uniform_average' (the plain mean) and 'variance_weighted' (each output's score
 * weighted by its SS_tot, so a near-constant output, whose R^2 is mostly noise, counts for little).
 */
public final class R2 {
    private R2() {
    }

    /**
     * Every output's R^2 with its total sum of squares SS_tot (the variance-weighting weight), from one pass over the
     * rows.
     */
    public record Columns(double[] r2, double[] ssTot) {
        /** Uniform average over outputs (multioutput='uniform_average'). */
        public double uniform() {
            double s = 0;
            for (double v : r2) {
                s += v;
            }
            return s / r2.length;
        }

        /** Variance-weighted average over all outputs (multioutput='variance_weighted'). */
        public double varianceWeighted() {
            int[] all = new int[r2.length];
            for (int j = 0; j < all.length; j++) {
                all[j] = j;
            }
            return varianceWeighted(all);
        }

        /** Variance-weighted average over the given outputs only (an action group). */
        public double varianceWeighted(List<Integer> dims) {
            return varianceWeighted(dims.stream().mapToInt(Integer::intValue).toArray());
        }

        /**
         * sum_d r2_d SS_tot_d / sum_d SS_tot_d. Where every SS_tot is zero (all targets constant) scikit-learn falls
         * back to the uniform mean, and so does this. A constant output with errors scores 0 but has weight 0, so it
         * does not count (as in scikit-learn, and unlike 1 - sum SS_res / sum SS_tot).
         */
        public double varianceWeighted(int[] dims) {
            double num = 0;
            double den = 0;
            double plain = 0;
            for (int d : dims) {
                num += r2[d] * ssTot[d];
                den += ssTot[d];
                plain += r2[d];
            }
            return den > 0 ? num / den : plain / dims.length;
        }
    }

    /** R^2 and SS_tot of each output column. */
    public static Columns columns(float[][] truth, float[][] predicted) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("need equally many (and some) rows, got " + truth.length + " and "
                    + predicted.length);
        }
        int d = truth[0].length;
        double[] mean = new double[d];
        for (float[] row : truth) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= truth.length;
        }
        double[] ssRes = new double[d];
        double[] ssTot = new double[d];
        for (int i = 0; i < truth.length; i++) {
            for (int j = 0; j < d; j++) {
                double r = truth[i][j] - predicted[i][j];
                double t = truth[i][j] - mean[j];
                ssRes[j] += r * r;
                ssTot[j] += t * t;
            }
        }
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            if (ssTot[j] == 0) {
                out[j] = ssRes[j] == 0 ? 1.0 : 0.0;
            } else {
                out[j] = 1 - ssRes[j] / ssTot[j];
            }
        }
        return new Columns(out, ssTot);
    }

    /** R^2 of each output column. */
    public static double[] perDimension(float[][] truth, float[][] predicted) {
        return columns(truth, predicted).r2();
    }

    /** Uniform average over outputs (multioutput='uniform_average'). */
    public static double uniform(float[][] truth, float[][] predicted) {
        return columns(truth, predicted).uniform();
    }

    /** Variance-weighted average over outputs (multioutput='variance_weighted'). */
    public static double varianceWeighted(float[][] truth, float[][] predicted) {
        return columns(truth, predicted).varianceWeighted();
    }
}
