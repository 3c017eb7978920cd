package dev.worldlens.probe;

import dev.worldlens.nn.Torch;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.openblas.global.openblas_full;

import java.nio.DoubleBuffer;

/**
 * OpenBLAS, the build bundled in the JavaCPP preset from Maven Central, for what the engine lacks: a symmetric
 * rank-k update (X'X for half the multiply-adds of a general product) and a Cholesky solve in double precision.
 *
 * <p>OpenBLAS itself runs one thread; callers split their work into {@link #parallelism()} independent calls (the
 * engine's intra-op thread count, so one setting governs both) on threads of their own: on cores that other
 * processes also use, OpenBLAS's own threads wait on each other at every step and were measured up to twice as slow
 * (BENCHMARKS.md, "Probes"). Results are reproducible for a fixed thread count: the split depends on the count only,
 * never on timing.
 *
 * <p>Every call goes through the preset's {@code openblas_full} class. The preset loads two copies of the library
 * (libopenblas.so.0 and libopenblas_nolapack.so.0, one build under two names), and its {@code blas_set_num_threads}
 * looks {@code openblas_set_num_threads} up process wide, which was seen to set the copy that the BLAS calls do not
 * use. Calling {@code openblas_set_num_threads} from the same JNI library as the BLAS calls reaches the same copy.
 */
final class Blas {
    private static final byte UPPER = (byte) 'U';
    private static boolean loaded;

    private Blas() {
    }

    /** Loads OpenBLAS on first use and makes each of its calls run on the calling thread only. */
    static synchronized void load() {
        if (!loaded) {
            openblas_full.openblas_set_num_threads(1);
            int threads = openblas_full.openblas_get_num_threads();
            if (threads != 1) {
                throw new IllegalStateException("OpenBLAS runs " + threads + " threads, asked for 1");
            }
            loaded = true;
        }
    }

    /** How many independent BLAS calls to run at once: the engine's intra-op threads. */
    static int parallelism() {
        return Math.max(1, Torch.threads());
    }

    /** A d x d matrix given row by row, so that it can be written straight into native memory. */
    interface Rows {
        /** Row i, into out[0, d). */
        void row(int i, double[] out);
    }

    /** {@link #solveSymmetric(Rows, double[], int, int)} for a row-major array. */
    static double[] solveSymmetric(double[] a, double[] b, int d, int k) {
        return solveSymmetric((i, out) -> System.arraycopy(a, i * d, out, 0, d), b, d, k);
    }

    /**
     * The solution X [d, k] of A X = B for a symmetric positive definite A [d, d] and B [d, k] row-major, in double
     * precision: Cholesky (dpotrf, dpotrs) on one thread. When rounding leaves A not positive definite (a nearly
     * singular Gram with a tiny penalty), LU with partial pivoting (dgesv) solves the same system, as an explicit
     * inverse would have; a singular A is an error.
     */
    static double[] solveSymmetric(Rows a, double[] b, int d, int k) {
        load();
        // A is symmetric, so its rows are also its columns; B goes over column-major too (LAPACKE's row-major layout
        // would transpose both into scratch copies)
        double[] bCols = new double[d * k];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < k; j++) {
                bCols[j * d + i] = b[i * k + j];
            }
        }
        try (DoublePointer m = new DoublePointer((long) d * d); DoublePointer r = new DoublePointer(bCols)) {
            write(a, m, d);
            int info = openblas_full.LAPACKE_dpotrf(openblas_full.LAPACK_COL_MAJOR, UPPER, d, m, d);
            if (info == 0) {
                info = openblas_full.LAPACKE_dpotrs(openblas_full.LAPACK_COL_MAJOR, UPPER, d, k, m, d, r, d);
            } else if (info > 0) {
                write(a, m, d);
                r.put(bCols);
                try (IntPointer pivots = new IntPointer(d)) {
                    info = openblas_full.LAPACKE_dgesv(openblas_full.LAPACK_COL_MAJOR, d, k, m, d, pivots, r, d);
                }
            }
            if (info != 0) {
                throw new IllegalStateException("the regularised " + d + " x " + d + " Gram matrix is singular "
                        + "(LAPACK info " + info + "); use a larger ridge penalty");
            }
            r.get(bCols);
        }
        double[] x = new double[d * k];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < k; j++) {
                x[i * k + j] = bCols[j * d + i];
            }
        }
        return x;
    }

    private static void write(Rows a, DoublePointer m, int d) {
        DoubleBuffer out = m.asBuffer();
        double[] row = new double[d];
        for (int i = 0; i < d; i++) {
            a.row(i, row);
            out.put(i * d, row, 0, d);
        }
    }
}
