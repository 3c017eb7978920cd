package dev.worldlens.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which tokens an encoder sees and which it must predict, for masked pretraining. Tokens are ordered step-major
 * then row-major over a square grid (the {@link dev.worldlens.nn.vit.VisionTransformer} order). Each mask is drawn
 * from a caller's random source, so a training step's masks follow from its seed.
 *
 * @param visible [B][K] indices of the tokens the encoder reads, ascending
 * @param masked  [B][M] indices of the hidden tokens, ascending
 */
public record TokenMasks(long[][] visible, long[][] masked) {

    public int batch() {
        return visible.length;
    }

    /** The visible indices as an int64 array [B, K] (for {@link dev.worldlens.nn.vit.VisionTransformer#keepTokens}). */
    public NDArray visibleArray(NDManager manager) {
        return toArray(manager, visible);
    }

    /** The masked indices as an int64 array [B, M]. */
    public NDArray maskedArray(NDManager manager) {
        return toArray(manager, masked);
    }

    private static NDArray toArray(NDManager manager, long[][] rows) {
        int width = rows[0].length;
        long[] flat = new long[rows.length * width];
        for (int b = 0; b < rows.length; b++) {
            System.arraycopy(rows[b], 0, flat, b * width, width);
        }
        return manager.create(flat, new Shape(rows.length, width));
    }

    /**
     * Tube masking (VideoMAE): one random spatial mask per sample hides the same patches at every token step, so a
     * patch cannot be copied from its neighbour in time. {@code ratio} of the {@code perStep} positions are hidden
     * (at least one is kept and one hidden).
     */
    public static TokenMasks tube(int batch, int steps, int perStep, double ratio, SplittableRandom rng) {
        int hide = Math.max(1, Math.min(perStep - 1, (int) Math.round(perStep * ratio)));
        long[][] visible = new long[batch][];
        long[][] masked = new long[batch][];
        for (int b = 0; b < batch; b++) {
            int[] order = permutation(perStep, rng);
            boolean[] hidden = new boolean[perStep];
            for (int i = 0; i < hide; i++) {
                hidden[order[i]] = true;
            }
            visible[b] = expand(hidden, false, steps, perStep);
            masked[b] = expand(hidden, true, steps, perStep);
        }
        return new TokenMasks(visible, masked);
    }

    /**
     * Multi-block masking (I-JEPA/V-JEPA): the union of {@code blocks} random rectangles on a {@code side x side}
     * grid, each covering about {@code scale} of the grid with aspect ratio in [0.75, 1.5], is hidden at every token
     * step; the rest is the context. Every sample hides the same number of positions (the largest union is trimmed
     * at random to the smallest) so the batch stays rectangular.
     */
    public static TokenMasks multiBlock(int batch, int steps, int side, int blocks, double scale,
                                        SplittableRandom rng) {
        int perStep = side * side;
        boolean[][] hidden = new boolean[batch][];
        int minHidden = Integer.MAX_VALUE;
        for (int b = 0; b < batch; b++) {
            hidden[b] = new boolean[perStep];
            for (int k = 0; k < blocks; k++) {
                double aspect = 0.75 + rng.nextDouble() * 0.75;
                double area = scale * perStep;
                int h = clamp((int) Math.round(Math.sqrt(area * aspect)), 1, side - 1);
                int w = clamp((int) Math.round(Math.sqrt(area / aspect)), 1, side - 1);
                int top = rng.nextInt(side - h + 1);
                int left = rng.nextInt(side - w + 1);
                for (int r = top; r < top + h; r++) {
                    for (int c = left; c < left + w; c++) {
                        hidden[b][r * side + c] = true;
                    }
                }
            }
            minHidden = Math.min(minHidden, count(hidden[b]));
        }
        long[][] visible = new long[batch][];
        long[][] masked = new long[batch][];
        for (int b = 0; b < batch; b++) {
            int extra = count(hidden[b]) - minHidden;
            int[] order = permutation(perStep, rng);
            for (int i = 0; i < perStep && extra > 0; i++) {
                if (hidden[b][order[i]]) {
                    hidden[b][order[i]] = false;
                    extra--;
                }
            }
            visible[b] = expand(hidden[b], false, steps, perStep);
            masked[b] = expand(hidden[b], true, steps, perStep);
        }
        return new TokenMasks(visible, masked);
    }

    private static int count(boolean[] v) {
        int n = 0;
        for (boolean x : v) {
            n += x ? 1 : 0;
        }
        return n;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static long[] expand(boolean[] hidden, boolean wanted, int steps, int perStep) {
        int n = 0;
        for (boolean h : hidden) {
            n += h == wanted ? 1 : 0;
        }
        long[] out = new long[n * steps];
        int i = 0;
        for (int s = 0; s < steps; s++) {
            for (int p = 0; p < perStep; p++) {
                if (hidden[p] == wanted) {
                    out[i++] = (long) s * perStep + p;
                }
            }
        }
        return out;
    }

    /** A uniform random permutation of 0..n-1 (Fisher-Yates). */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
