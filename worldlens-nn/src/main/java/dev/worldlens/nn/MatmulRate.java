package dev.worldlens.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

/**
 * The engine's float32 matrix-multiply rate, the reference for FLOP floors: [m, k] x [k, n] products (2mkn FLOPs
 * each) repeated after a warm-up, timed in rounds of at least {@code minSeconds}; the best round is reported. Each
 * product is freed right away (products are scoped in a sub-manager per round).
 */
public final class MatmulRate {
    /** One measurement: m x k times k x n, {@code reps} products in {@code seconds} (best round). */
    public record Result(int m, int k, int n, long reps, double seconds, int threads) {
        public double flopsPerProduct() {
            return 2.0 * m * k * n;
        }

        public double gflops() {
            return flopsPerProduct() * reps / seconds / 1e9;
        }

        public String shape() {
            return m + "x" + k + " @ " + k + "x" + n;
        }
    }

    private MatmulRate() {
    }

    /** Square n x n products. */
    public static Result square(int n, double minSeconds) {
        return measure(n, n, n, minSeconds, 3);
    }

    /** m x k times k x n products, best of {@code rounds} rounds each lasting at least {@code minSeconds}. */
    public static Result measure(int m, int k, int n, double minSeconds, int rounds) {
        try (NDManager manager = Torch.newManager()) {
            SplittableRandom rng = new SplittableRandom(1);
            NDArray a = manager.create(gaussian(m * k, rng), new Shape(m, k));
            NDArray b = manager.create(gaussian(k * n, rng), new Shape(k, n));
            for (int i = 0; i < 20; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    a.matMul(b).attach(scope);
                }
            }
            long bestReps = 0;
            double bestSeconds = Double.MAX_VALUE;
            double bestRate = 0;
            for (int r = 0; r < Math.max(1, rounds); r++) {
                long reps = 0;
                long t0 = System.nanoTime();
                double elapsed;
                do {
                    try (NDManager scope = manager.newSubManager()) {
                        for (int i = 0; i < 16; i++) {
                            a.matMul(b).attach(scope);
                        }
                    }
                    reps += 16;
                    elapsed = (System.nanoTime() - t0) / 1e9;
                } while (elapsed < minSeconds);
                if (reps / elapsed > bestRate) {
                    bestRate = reps / elapsed;
                    bestReps = reps;
                    bestSeconds = elapsed;
                }
            }
            return new Result(m, k, n, bestReps, bestSeconds, Torch.threads());
        }
    }

    private static float[] gaussian(int size, SplittableRandom rng) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    /** Prints the rate for 512 x 512 products and for the MLP probe's 256 x 768 x 256 products. */
    public static void main(String[] args) {
        for (Result r : new Result[]{square(512, 0.5), measure(256, 768, 256, 0.5, 3)}) {
            System.out.printf("%-22s %8.1f GFLOP/s (%d threads)%n", r.shape(), r.gflops(), r.threads());
        }
    }
}
