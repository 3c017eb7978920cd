package dev.worldlens.data.corrupt;

import dev.worldlens.core.RgbImage;

/**
 * Pixelation: the frame is cut into square blocks from its top-left corner and every block takes its mean colour,
 * as ImageNet-C's box downsampling followed by nearest upsampling. Blocks at the right and bottom edges may be
 * narrower; they take the mean of the pixels they hold.
 */
public final class Pixelate {
    /**
     * Block side in pixels by severity 0..5. ImageNet-C scales 224 px photographs by 0.6 .. 0.25 (blocks of about
     * 1.7 .. 4 pixels); whole-pixel blocks of 2 .. 8 are used here, for the small frames of robot datasets.
     */
    public static final int[] BLOCK = {1, 2, 3, 4, 6, 8};

    private Pixelate() {
    }

    public static RgbImage pixelate(RgbImage frame, int block) {
        if (block < 1) {
            throw new IllegalArgumentException("block side must be positive, got " + block);
        }
        if (block == 1) {
            return frame;
        }
        int w = frame.width();
        int h = frame.height();
        byte[] in = frame.rgb();
        byte[] out = new byte[in.length];
        for (int by = 0; by < h; by += block) {
            int ye = Math.min(h, by + block);
            for (int bx = 0; bx < w; bx += block) {
                int xe = Math.min(w, bx + block);
                long[] sum = new long[3];
                for (int y = by; y < ye; y++) {
                    for (int x = bx; x < xe; x++) {
                        for (int c = 0; c < 3; c++) {
                            sum[c] += in[(y * w + x) * 3 + c] & 0xff;
                        }
                    }
                }
                int count = (ye - by) * (xe - bx);
                byte[] mean = new byte[3];
                for (int c = 0; c < 3; c++) {
                    mean[c] = Pixels.toByte((double) sum[c] / count);
                }
                for (int y = by; y < ye; y++) {
                    for (int x = bx; x < xe; x++) {
                        System.arraycopy(mean, 0, out, (y * w + x) * 3, 3);
                    }
                }
            }
        }
        return new RgbImage(w, h, out);
    }
}
