package dev.worldlens.probe;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The double-precision solve: Cholesky for positive definite systems, LU when rounding broke definiteness. */
class BlasTest {
    @Test
    void solvesAPositiveDefiniteSystem() {
        int d = 40;
        int k = 3;
        SplittableRandom rng = new SplittableRandom(5);
        double[] m = new double[d * d];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextGaussian();
        }
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int r = 0; r < d; r++) {
                    a[i * d + j] += m[r * d + i] * m[r * d + j];
                }
            }
            a[i * d + i] += 0.1;
        }
        double[] x = gaussian(d * k, rng);
        assertSolves(a, x, d, k);
    }

    @Test
    void solvesASymmetricIndefiniteSystemToo() {
        int d = 5;
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            a[i * d + i] = i == 2 ? -1 : 2 + i;
            if (i + 1 < d) {
                a[i * d + i + 1] = 0.5;
                a[(i + 1) * d + i] = 0.5;
            }
        }
        assertSolves(a, gaussian(d * 2, new SplittableRandom(6)), d, 2);
    }

    @Test
    void refusesASingularSystem() {
        double[] a = {1, 1, 1, 1};
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Blas.solveSymmetric(a, new double[]{1, 2}, 2, 1));
        assertEquals(true, e.getMessage().contains("singular"), e.getMessage());
    }

    @Test
    void runsOneThreadPerCallAndSplitsByTheEngineThreads() {
        Blas.load();
        assertEquals(1, org.bytedeco.openblas.global.openblas_full.openblas_get_num_threads());
        assertEquals(dev.worldlens.nn.Torch.threads(), Blas.parallelism());
    }

    private static void assertSolves(double[] a, double[] x, int d, int k) {
        double[] b = new double[d * k];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < k; j++) {
                for (int r = 0; r < d; r++) {
                    b[i * k + j] += a[i * d + r] * x[r * k + j];
                }
            }
        }
        double[] aCopy = a.clone();
        double[] bCopy = b.clone();
        double[] solved = Blas.solveSymmetric(a, b, d, k);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], solved[i], 1e-8 * (1 + Math.abs(x[i])), "entry " + i);
        }
        for (int i = 0; i < a.length; i++) {
            assertEquals(aCopy[i], a[i], 0.0, "the input matrix must be left as it was");
        }
        for (int i = 0; i < b.length; i++) {
            assertEquals(bCopy[i], b[i], 0.0, "the right-hand side must be left as it was");
        }
    }

    private static double[] gaussian(int n, SplittableRandom rng) {
        double[] v = new double[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }
}
