package dev.worldlens.probe;

import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

import static org.bytedeco.openblas.global.openblas_full.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_full.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_full.CblasTrans;
import static org.bytedeco.openblas.global.openblas_full.CblasUpper;
import static org.bytedeco.openblas.global.openblas_full.cblas_saxpy;
import static org.bytedeco.openblas.global.openblas_full.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_full.cblas_ssyrk;

/**
 * X'X and X'Y for the ridge probe, on OpenBLAS. The centred inputs X [n, d] and the targets Y [n, a] are written
 * once into native memory side by side, as the rows of Z = [X | Y]: one pass over the pairs for the column means and
 * one writing x - mean, so there is no uncentred copy and no copy into an engine. For each fold (a contiguous slice
 * of rows) symmetric rank-k updates (ssyrk, upper triangle) give Z'Z, whose upper blocks are the fold's X'X and
 * X'Y: half the multiply-adds of a general product, and Y costs its a extra columns instead of a skinny product
 * that would read X again. The fold's rows are split into one slice per thread ({@link Blas#parallelism()}), each
 * slice one single-threaded ssyrk, and the slices' products are added. OpenBLAS sums in float, as the engine's
 * product did; the results are handed out in double, where the ridge solve works.
 */
final class Gram implements AutoCloseable {
    /**
     * Rows per task of the two passes. Fixed, so that the partial sums of the means, and hence the results, do not
     * depend on how many cores run them.
     */
    private static final int CHUNK_ROWS = 1024;
    /** Fewest rows worth a call of their own: smaller folds take one call. */
    private static final int MIN_SLICE_ROWS = 512;

    final int n;
    final int d;
    final int a;
    private final float[] mean;
    private final NativeRows z;
    private final int parallelism;
    private final FloatPointer[] products;

    private Gram(int n, int d, int a, float[] mean, NativeRows z, int parallelism) {
        this.n = n;
        this.d = d;
        this.a = a;
        this.mean = mean;
        this.z = z;
        this.parallelism = parallelism;
        this.products = new FloatPointer[parallelism];
    }

    /**
     * Z = [X - mean | Y] for the pairs' inputs in this mode: row i holds pair {@code order[i]} (pair i when order is
     * null) and the i-th row of {@code ys} [n * a], which the caller has put in that order.
     */
    static Gram build(PairSet pairs, PairMode mode, int[] order, float[] ys) {
        return build(pairs, mode, order, ys, Blas.parallelism());
    }

    /** As {@link #build(PairSet, PairMode, int[], float[])}, splitting each fold into up to this many slices. */
    static Gram build(PairSet pairs, PairMode mode, int[] order, float[] ys, int parallelism) {
        Blas.load();
        int n = pairs.size();
        int d = pairs.inputWidth(mode);
        int a = pairs.actionDim();
        if (ys.length != n * a) {
            throw new IllegalArgumentException("targets: expected " + n * a + " floats, got " + ys.length);
        }
        int chunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
        double[][] partial = new double[chunks][];
        IntStream.range(0, chunks).parallel().forEach(c -> {
            double[] sum = new double[d];
            float[] row = new float[d];
            for (int i = c * CHUNK_ROWS; i < Math.min(n, (c + 1) * CHUNK_ROWS); i++) {
                pairs.inputRow(mode, i, row, 0);
                for (int j = 0; j < d; j++) {
                    sum[j] += row[j];
                }
            }
            partial[c] = sum;
        });
        double[] total = new double[d];
        for (double[] p : partial) {
            for (int j = 0; j < d; j++) {
                total[j] += p[j];
            }
        }
        float[] mean = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = (float) (total[j] / Math.max(1, n));
        }
        int stride = d + a;
        NativeRows z = new NativeRows(n, stride);
        try {
            FloatBuffer out = z.buffer();
            IntStream.range(0, chunks).parallel().forEach(c -> {
                float[] row = new float[stride];
                for (int i = c * CHUNK_ROWS; i < Math.min(n, (c + 1) * CHUNK_ROWS); i++) {
                    pairs.inputRow(mode, order == null ? i : order[i], row, 0);
                    for (int j = 0; j < d; j++) {
                        row[j] -= mean[j];
                    }
                    System.arraycopy(ys, i * a, row, d, a);
                    out.put(i * stride, row, 0, stride);
                }
            });
            return new Gram(n, d, a, mean, z, Math.max(1, parallelism));
        } catch (RuntimeException | Error e) {
            z.close();
            throw e;
        }
    }

    /** The column means of the inputs, which X was centred by. */
    float[] mean() {
        return mean.clone();
    }

    /** {X'X [d * d], X'Y [d * a]} of rows [from, to), row-major; X'X with both triangles filled. */
    double[][] products(int from, int to) {
        int m = d + a;
        int slices = Math.max(1, Math.min(parallelism, (to - from) / MIN_SLICE_ROWS));
        for (int s = 0; s < slices; s++) {
            if (products[s] == null) {
                products[s] = new FloatPointer((long) m * m).zero(); // ssyrk leaves the lower triangle as it was
            }
        }
        IntStream.range(0, slices).parallel().forEach(s -> {
            int lo = from + (int) ((long) (to - from) * s / slices);
            int hi = from + (int) ((long) (to - from) * (s + 1) / slices);
            cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, m, hi - lo, 1f, z.fromRow(lo), z.stride, 0f,
                    products[s], m);
        });
        for (int s = 1; s < slices; s++) {
            cblas_saxpy(m * m, 1f, products[s], 1, products[0], 1);
        }
        float[] c = new float[m * m];
        products[0].get(c);
        double[] g = new double[d * d];
        double[] b = new double[d * a];
        for (int i = 0; i < d; i++) {
            int row = i * m;
            for (int j = i; j < d; j++) {
                g[i * d + j] = c[row + j];
            }
            for (int k = 0; k < a; k++) {
                b[i * a + k] = c[row + d + k];
            }
        }
        // only the upper triangle was written: mirror it in tiles, so that the transposed reads stay in cache
        int tile = 64;
        for (int i0 = 0; i0 < d; i0 += tile) {
            for (int j0 = i0; j0 < d; j0 += tile) {
                for (int i = i0; i < Math.min(d, i0 + tile); i++) {
                    for (int j = Math.max(j0, i + 1); j < Math.min(d, j0 + tile); j++) {
                        g[j * d + i] = g[i * d + j];
                    }
                }
            }
        }
        return new double[][]{g, b};
    }

    /** X W for rows [from, to) and W [d, a] row-major: [to - from, a], row-major. */
    float[] times(int from, int to, float[] w) {
        float[] out = new float[(to - from) * a];
        if (out.length == 0) {
            return out;
        }
        try (FloatPointer wp = new FloatPointer(w); FloatPointer op = new FloatPointer(out.length)) {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, to - from, a, d, 1f, z.fromRow(from), z.stride, wp,
                    a, 0f, op, a);
            op.get(out);
        }
        return out;
    }

    @Override
    public void close() {
        for (FloatPointer p : products) {
            if (p != null) {
                p.close();
            }
        }
        z.close();
    }
}
