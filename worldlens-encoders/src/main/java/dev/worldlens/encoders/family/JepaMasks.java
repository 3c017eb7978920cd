package dev.worldlens.encoders.family;

import dev.worldlens.nn.TokenMasks;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * V-JEPA's multi-block masks for a batch of clips (the MaskCollator of facebookresearch/jepa,
 * {@code src/masks/multiblock3d.py}): each clip draws its own union of blocks ({@link TokenMasks#multiBlock} with a
 * batch of one: the same spatial mask at every token step), then the context lists are cut to the shortest context
 * in the batch and the target lists to the shortest target list, so the batch is rectangular. Tokens cut from a list
 * are neither seen nor predicted. Cutting both lists, rather than moving surplus hidden tokens back into the context
 * as {@code TokenMasks.multiBlock} does for a whole batch, keeps V-JEPA's high masking ratio: the encoder sees only
 * as much as the least-visible clip shows. V-JEPA cuts each list to its first entries; here the entries kept are
 * drawn at random (in ascending order), so the cut does not favour the first token step or the top rows.
 */
final class JepaMasks {
    private JepaMasks() {
    }

    /**
     * Masks for {@code batch} clips of {@code steps} token steps on a {@code side x side} grid, each the union of
     * {@code blocks} blocks of about {@code scale} of the grid; every clip keeps at least one context token.
     */
    static TokenMasks draw(int batch, int steps, int side, int blocks, double scale, SplittableRandom rng) {
        long[][] visible = new long[batch][];
        long[][] masked = new long[batch][];
        int keep = Integer.MAX_VALUE;
        int predict = Integer.MAX_VALUE;
        for (int b = 0; b < batch; b++) {
            TokenMasks one;
            do {
                one = TokenMasks.multiBlock(1, steps, side, blocks, scale, rng);
            } while (one.visible()[0].length == 0);
            visible[b] = one.visible()[0];
            masked[b] = one.masked()[0];
            keep = Math.min(keep, visible[b].length);
            predict = Math.min(predict, masked[b].length);
        }
        for (int b = 0; b < batch; b++) {
            visible[b] = randomSubset(visible[b], keep, rng);
            masked[b] = randomSubset(masked[b], predict, rng);
        }
        return new TokenMasks(visible, masked);
    }

    private static long[] randomSubset(long[] sorted, int n, SplittableRandom rng) {
        if (sorted.length == n) {
            return sorted;
        }
        int[] order = TokenMasks.permutation(sorted.length, rng);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = sorted[order[i]];
        }
        Arrays.sort(out);
        return out;
    }
}
