package dev.worldlens.probe;

/**
 * Per-column mean and standard deviation computed on training rows only, applied to any rows. A column that does not
 * vary in training gets std 1, so it maps to zero instead of dividing by zero.
 */
public record Standardizer(float[] mean, float[] std) {

    public static Standardizer fit(float[][] rows) {
        int d = rows[0].length;
        double[] m = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                m[j] += r[j];
            }
        }
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            m[j] /= rows.length;
        }
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                double c = r[j] - m[j];
                v[j] += c * c;
            }
        }
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(v[j] / rows.length);
            mean[j] = (float) m[j];
            std[j] = s > 1e-6 ? (float) s : 1f;
        }
        return new Standardizer(mean, std);
    }

    /** Standardised copy of the rows as one row-major array. */
    public float[] applyFlat(float[][] rows) {
        int d = mean.length;
        float[] out = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (rows[i][j] - mean[j]) / std[j];
            }
        }
        return out;
    }

    /** Undoes the standardisation of row-major values. */
    public float[][] invertFlat(float[] values, int rows) {
        int d = mean.length;
        float[][] out = new float[rows][d];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = values[i * d + j] * std[j] + mean[j];
            }
        }
        return out;
    }
}
