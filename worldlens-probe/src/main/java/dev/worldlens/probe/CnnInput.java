package dev.worldlens.probe;

import dev.worldlens.nn.Standardizer;

/**
 * How the CNN probe turns a {@code raw:SIDE} feature row (the frame flattened y, x, channel in [0, 1]) into its
 * input: averaged over {@code pool} x {@code pool} blocks (pool 2 reads 64x64 frames at 32x32, a quarter of the
 * convolution cost; a gripper step still moves the image by 1-2 pixels there), then standardised per colour channel
 * and laid out channel-major [3, side, side].
 *
 * @param frameSide the side of the stored frames
 * @param pool      block side of the average pooling (1: none); must divide frameSide
 * @param stats     per-channel mean and std of the stored pixels of the training frames
 */
record CnnInput(int frameSide, int pool, Standardizer stats) {
    CnnInput {
        if (pool < 1 || frameSide % pool != 0) {
            throw new IllegalArgumentException("the cnn probe's pool " + pool + " must divide the frame side "
                    + frameSide);
        }
    }

    /** The side the network sees. */
    int side() {
        return frameSide / pool;
    }

    /** Floats of one prepared frame. */
    int floats() {
        return 3 * side() * side();
    }

    /** Prepares frame {@code frame} of {@code hwc} (rows of frameSide^2 * 3 floats) into {@code out} at {@code to}. */
    void write(float[] hwc, int frame, float[] out, int to) {
        int s = side();
        int plane = s * s;
        int from = frame * frameSide * frameSide * 3;
        float scale = 1f / (pool * pool);
        for (int c = 0; c < 3; c++) {
            float mean = stats.mean()[c];
            float std = stats.std()[c];
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    float sum = 0;
                    for (int py = 0; py < pool; py++) {
                        int rowStart = from + ((y * pool + py) * frameSide + x * pool) * 3 + c;
                        for (int px = 0; px < pool; px++) {
                            sum += hwc[rowStart + px * 3];
                        }
                    }
                    out[to + c * plane + y * s + x] = (sum * scale - mean) / std;
                }
            }
        }
    }
}
