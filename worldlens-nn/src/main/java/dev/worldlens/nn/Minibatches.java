package dev.worldlens.nn;

import java.util.SplittableRandom;

/**
 * Minibatch indices drawn by epoch shuffles: the n rows are visited in a fresh random permutation (Fisher-Yates with
 * the given SplittableRandom) each epoch, and batches are consecutive runs of that stream, so a batch may straddle
 * two epochs. Every row is seen once per epoch; no row repeats within a batch unless the batch is larger than n.
 */
public final class Minibatches {
    private final int n;
    private final SplittableRandom rng;
    private final int[] order;
    private int next;

    public Minibatches(int n, SplittableRandom rng) {
        if (n <= 0) {
            throw new IllegalArgumentException("need at least one row to draw batches from, got " + n);
        }
        this.n = n;
        this.rng = rng;
        this.order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        this.next = n;
    }

    /** Fills {@code into} with the next batch of row indices. */
    public void next(long[] into, int offset, int batch) {
        for (int i = 0; i < batch; i++) {
            if (next == n) {
                shuffle();
                next = 0;
            }
            into[offset + i] = order[next++];
        }
    }

    /** The indices of {@code steps} batches of size {@code batch}, row-major [steps * batch]. */
    public static long[] schedule(int n, int batch, int steps, SplittableRandom rng) {
        long[] out = new long[Math.multiplyExact(batch, steps)];
        Minibatches m = new Minibatches(n, rng);
        for (int s = 0; s < steps; s++) {
            m.next(out, s * batch, batch);
        }
        return out;
    }

    private void shuffle() {
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
