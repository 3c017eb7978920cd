package dev.worldlens.probe;

import java.util.SplittableRandom;

/**
 * Random-shift augmentation of frame pairs (DrQ / RAD): each frame is replicate-padded by {@code pad} pixels and
 * cropped back to its side at a random offset, the same offset for both frames of a pair (so the motion between
 * them, what the probe must read, is untouched) and a fresh one for every pair of every step. It stops a pixel
 * encoder from keying on where things sit in the image of a training task, which is how it memorises small data.
 *
 * @param pad largest shift in pixels, each axis (0: no shift, the frames are copied)
 */
record PairShift(int pad) {
    PairShift {
        if (pad < 0) {
            throw new IllegalArgumentException("shift pad must be >= 0, got " + pad);
        }
    }

    /**
     * Writes pair i's frames (channel-major [channels, side, side] blocks of {@code frames} at
     * {@code first[i] * frameFloats} and {@code second[i] * frameFloats}) to block i of {@code outFirst} and
     * {@code outSecond}, both shifted by one offset drawn from {@code rng} (dy then dx, uniform in [-pad, pad]).
     */
    void apply(float[] frames, int[] first, int[] second, int channels, int side, SplittableRandom rng,
               float[] outFirst, float[] outSecond) {
        int frameFloats = channels * side * side;
        for (int i = 0; i < first.length; i++) {
            int dy = pad == 0 ? 0 : rng.nextInt(2 * pad + 1) - pad;
            int dx = pad == 0 ? 0 : rng.nextInt(2 * pad + 1) - pad;
            shifted(frames, first[i] * frameFloats, outFirst, i * frameFloats, channels, side, dy, dx);
            shifted(frames, second[i] * frameFloats, outSecond, i * frameFloats, channels, side, dy, dx);
        }
    }

    /**
     * out(c, y, x) = in(c, clamp(y + dy), clamp(x + dx)): the crop at (pad + dy, pad + dx) of the frame
     * replicate-padded by pad, without building the padded frame.
     */
    static void shifted(float[] in, int from, float[] out, int to, int channels, int side, int dy, int dx) {
        int plane = side * side;
        for (int c = 0; c < channels; c++) {
            int src = from + c * plane;
            int dst = to + c * plane;
            for (int y = 0; y < side; y++) {
                int row = src + Math.min(side - 1, Math.max(0, y + dy)) * side;
                int o = dst + y * side;
                for (int x = 0; x < side; x++) {
                    out[o + x] = in[row + Math.min(side - 1, Math.max(0, x + dx))];
                }
            }
        }
    }
}
