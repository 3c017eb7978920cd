package dev.worldlens.data.corrupt;

import dev.worldlens.core.RgbImage;

/** Small pixel helpers shared by the corruptions: rounding back to uint8, border handling, a seeded stream. */
final class Pixels {
    private Pixels() {
    }

    /** Rounds a grey level to the nearest integer and clips it to 0..255. */
    static byte toByte(double level) {
        long r = Math.round(level);
        return (byte) (r < 0 ? 0 : r > 255 ? 255 : r);
    }

    /**
     * Reflects an index into 0..n-1 without repeating the edge ({@code dcb|abcd|cba}): OpenCV's BORDER_REFLECT_101,
     * PyTorch's and torchvision's "reflect" padding. Works for any offset (the pattern repeats with period 2(n-1)).
     */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    static int clamp(int i, int n) {
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }

    /** An image of the same size from grey levels (any real values, rounded and clipped). */
    static RgbImage fromLevels(int width, int height, double[] levels) {
        byte[] out = new byte[levels.length];
        for (int i = 0; i < levels.length; i++) {
            out[i] = toByte(levels[i]);
        }
        return new RgbImage(width, height, out);
    }

    /** Grey levels 0..255 as doubles, in the image's H x W x 3 order. */
    static double[] levels(RgbImage image) {
        byte[] rgb = image.rgb();
        double[] out = new double[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = rgb[i] & 0xff;
        }
        return out;
    }
}
