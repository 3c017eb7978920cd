package dev.worldlens.probe;

import dev.worldlens.nn.Torch;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.openblas.global.openblas_full;

/**
 * OpenBLAS, the build bundled in the JavaCPP preset from Maven Central, for what the engine lacks: a symmetric
 * rank-k update (X'X for half the multiply-adds of a general product) and a Cholesky solve in double precision. Its
 * thread count follows the engine's intra-op threads, so one setting governs both and results are reproducible for
 * a fixed count (OpenBLAS splits work by thread count, never by timing).
 *
 * <p>Every call goes through the preset's {@code openblas_full} class. The preset loads two copies of the library
 * (libopenblas.so.0 and libopenblas_nolapack.so.0, one build under two names), and its {@code blas_set_num_threads}
 * looks {@code openblas_set_num_threads} up process wide, which was seen to set the copy that the BLAS calls do not
 * use. Calling {@code openblas_set_num_threads} from the same JNI library as the BLAS calls reaches the same copy.
 */
final class Blas {
    private static final byte UPPER = (byte) 'U';
    private static int threads;

    private Blas() {
    }

    /** Loads OpenBLAS on first use and sets its threads to the engine's, when they differ from what it has. */
    static synchronized int useEngineThreads() {
        int t = Math.max(1, Torch.threads());
        if (t != threads) {
            openblas_full.openblas_set_num_threads(t);
            threads = openblas_full.openblas_get_num_threads();
            if (threads != t) {
                throw new IllegalStateException("OpenBLAS runs " + threads + " threads, asked for " + t);
            }
        }
        return t;
    }

    /**
     * The solution X [d, k] of A X = B for a symmetric positive definite A [d, d] and B [d, k], both row-major, in
     * double precision: Cholesky (dpotrf, dpotrs). When rounding leaves A not positive definite (a nearly singular
     * Gram with a tiny penalty), LU with partial pivoting (dgesv) solves the same system, as an explicit inverse
     * would have; a singular A is an error.
     */
    static double[] solveSymmetric(double[] a, double[] b, int d, int k) {
        useEngineThreads();
        // A is symmetric, so its row-major array is also its column-major one; B goes over column-major (LAPACKE's
        // row-major layout would transpose both into scratch copies)
        double[] bCols = new double[d * k];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < k; j++) {
                bCols[j * d + i] = b[i * k + j];
            }
        }
        try (DoublePointer m = new DoublePointer(a); DoublePointer r = new DoublePointer(bCols)) {
            int info = openblas_full.LAPACKE_dpotrf(openblas_full.LAPACK_COL_MAJOR, UPPER, d, m, d);
            if (info == 0) {
                info = openblas_full.LAPACKE_dpotrs(openblas_full.LAPACK_COL_MAJOR, UPPER, d, k, m, d, r, d);
            } else if (info > 0) {
                m.put(a);
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
}
