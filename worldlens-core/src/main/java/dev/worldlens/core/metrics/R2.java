package dev.worldlens.core.metrics;

/**
 * Coefficient of determination with scikit-learn's r2_score semantics: per output 1 - SS_res / SS_tot, which is
 * negative when predictions are worse than the mean; a constant target scores 1 if predicted exactly, else 0;
 * 'uniform_average' is the plain mean over outputs.
 */
public final class R2 {
    private R2() {
    }

    /** R^2 of each output column. */
    public static double[] perDimension(float[][] truth, float[][] predicted) {
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
        return out;
    }

    /** Uniform average over outputs (multioutput='uniform_average'). */
    public static double uniform(float[][] truth, float[][] predicted) {
        double[] r = perDimension(truth, predicted);
        double s = 0;
        for (double v : r) {
            s += v;
        }
        return s / r.length;
    }
}
