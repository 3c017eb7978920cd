package dev.worldlens.nn;

/**
 * Per-column standardisation (x - mean) / std with statistics from training rows (population std, in double
 * precision). Columns whose std is below the floor keep std 1, so constant columns are centred, never blown up.
 */
public record Standardizer(float[] mean, float[] std) {
    public static final double DEFAULT_STD_FLOOR = 1e-6;

    public Standardizer {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std differ in length");
        }
    }

    public int width() {
        return mean.length;
    }

    /** Statistics of the rows (all of equal width). */
    public static Standardizer fit(float[][] rows, double stdFloor) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot standardise with no training rows");
        }
        int d = rows[0].length;
        double[] sum = new double[d];
        double[] sq = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                sum[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            sum[j] /= rows.length;
        }
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                double c = r[j] - sum[j];
                sq[j] += c * c;
            }
        }
        return of(sum, sq, rows.length, stdFloor);
    }

    /**
     * Statistics of the rows of width {@code width} found in {@code flat} at the given row numbers (e.g. the tokens
     * of the training frames).
     */
    public static Standardizer fitRows(float[] flat, int width, int[] rowNumbers, double stdFloor) {
        if (rowNumbers.length == 0) {
            throw new IllegalArgumentException("cannot standardise with no training rows");
        }
        double[] sum = new double[width];
        double[] sq = new double[width];
        for (int r : rowNumbers) {
            int o = r * width;
            for (int j = 0; j < width; j++) {
                sum[j] += flat[o + j];
            }
        }
        for (int j = 0; j < width; j++) {
            sum[j] /= rowNumbers.length;
        }
        for (int r : rowNumbers) {
            int o = r * width;
            for (int j = 0; j < width; j++) {
                double c = flat[o + j] - sum[j];
                sq[j] += c * c;
            }
        }
        return of(sum, sq, rowNumbers.length, stdFloor);
    }

    private static Standardizer of(double[] mean, double[] centredSquares, int n, double stdFloor) {
        int d = mean.length;
        float[] m = new float[d];
        float[] s = new float[d];
        for (int j = 0; j < d; j++) {
            m[j] = (float) mean[j];
            double sd = Math.sqrt(centredSquares[j] / n);
            // a column that barely varies in training is only centred: dividing by a tiny std would turn any
            // variation at test time (a flag constant in the training tasks, a border pixel) into huge inputs
            s[j] = sd < stdFloor ? 1f : (float) sd;
        }
        return new Standardizer(m, s);
    }

    /** The rows standardised into one row-major array [rows * width]. */
    public float[] applyFlat(float[][] rows) {
        int d = width();
        float[] out = new float[Math.multiplyExact(rows.length, d)];
        for (int i = 0; i < rows.length; i++) {
            float[] r = rows[i];
            int o = i * d;
            for (int j = 0; j < d; j++) {
                out[o + j] = (r[j] - mean[j]) / std[j];
            }
        }
        return out;
    }

    /** Standardises a row-major array of rows of this width in place, from {@code from} for {@code length} floats. */
    public void applyInPlace(float[] flat, int from, int length) {
        int d = width();
        for (int i = 0; i < length; i++) {
            int j = i % d;
            flat[from + i] = (flat[from + i] - mean[j]) / std[j];
        }
    }

    /** Undoes the standardisation of a row-major array [rows * width] into rows. */
    public float[][] invertFlat(float[] flat) {
        int d = width();
        float[][] out = new float[flat.length / d][d];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = flat[i * d + j] * std[j] + mean[j];
            }
        }
        return out;
    }
}
