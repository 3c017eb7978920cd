package dev.worldlens.core.metrics;

/**
 * Closed-form ridge regression in double precision for small widths (a few hundred features): standardises inputs
 * with the training statistics, centres targets, solves (X'X + lambda I) W = X'Y by Cholesky. The probe engine uses
 * the deep-learning engine for wide features; this one serves checks and small problems without it.
 */
public final class RidgeRegression {
    private final double[] mean;
    private final double[] scale;
    private final double[] targetMean;
    private final double[][] weights;

    private RidgeRegression(double[] mean, double[] scale, double[] targetMean, double[][] weights) {
        this.mean = mean;
        this.scale = scale;
        this.targetMean = targetMean;
        this.weights = weights;
    }

    public static RidgeRegression fit(float[][] x, float[][] y, double lambda) {
        int n = x.length;
        int d = x[0].length;
        int a = y[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        double[] ym = new double[a];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i][j];
            }
            for (int k = 0; k < a; k++) {
                ym[k] += y[i][k];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (int k = 0; k < a; k++) {
            ym[k] /= n;
        }
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                double c = row[j] - mean[j];
                scale[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(scale[j] / n);
            scale[j] = sd > 1e-12 ? sd : 1.0;
        }
        double[][] gram = new double[d][d];
        double[][] xty = new double[d][a];
        double[] z = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[j] = (x[i][j] - mean[j]) / scale[j];
            }
            for (int j = 0; j < d; j++) {
                double zj = z[j];
                if (zj == 0) {
                    continue;
                }
                double[] gj = gram[j];
                for (int l = j; l < d; l++) {
                    gj[l] += zj * z[l];
                }
                for (int k = 0; k < a; k++) {
                    xty[j][k] += zj * (y[i][k] - ym[k]);
                }
            }
        }
        for (int j = 0; j < d; j++) {
            for (int l = 0; l < j; l++) {
                gram[j][l] = gram[l][j];
            }
            gram[j][j] += lambda;
        }
        double[][] w = CholeskySolver.solve(gram, xty);
        return new RidgeRegression(mean, scale, ym, w);
    }

    public float[][] predict(float[][] x) {
        float[][] out = new float[x.length][targetMean.length];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < targetMean.length; k++) {
                double s = targetMean[k];
                for (int j = 0; j < mean.length; j++) {
                    s += (x[i][j] - mean[j]) / scale[j] * weights[j][k];
                }
                out[i][k] = (float) s;
            }
        }
        return out;
    }
}
