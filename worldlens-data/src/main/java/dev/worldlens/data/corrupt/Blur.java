package dev.worldlens.data.corrupt;

import dev.worldlens.core.RgbImage;

import java.util.SplittableRandom;

/**
 * Blurs: a separable Gaussian blur (the study's "blur, kernel 11") and a linear motion blur at a random angle.
 * Kernel sizes are in pixels of the frame as stored, whatever its resolution, as the study states its kernel.
 */
public final class Blur {
    /**
     * Gaussian blur: kernel size by severity 0..5. Severity 5 is the study's kernel 11 (Table 2); 2 and 3 are the 5
     * and 7 of the suggested sweep. Sigma follows from the size as in OpenCV and torchvision when none is given:
     * 0.3 ((k - 1) / 2 - 1) + 0.8, so 0.8, 1.1, 1.4, 1.7, 2.0 for k = 3 .. 11.
     */
    public static final int[] GAUSSIAN_KERNEL = {1, 3, 5, 7, 9, 11};

    /**
     * Motion blur: length in pixels of the line kernel by severity 0..5 (the same sizes as the Gaussian blur). The
     * angle is drawn per frame uniformly in [-45, 45] degrees, as ImageNet-C draws it.
     */
    public static final int[] MOTION_LENGTH = {1, 3, 5, 7, 9, 11};

    /** The range of motion angles, in degrees either side of horizontal. */
    public static final double MAX_ANGLE_DEGREES = 45;

    private Blur() {
    }

    /** OpenCV's and torchvision's sigma for a Gaussian kernel of odd size k when none is given. */
    public static double defaultSigma(int size) {
        return 0.3 * ((size - 1) * 0.5 - 1) + 0.8;
    }

    /** The normalised 1-D Gaussian kernel of odd size k with the default sigma. */
    public static double[] gaussianKernel(int size) {
        if (size < 1 || size % 2 == 0) {
            throw new IllegalArgumentException("kernel size must be odd and positive, got " + size);
        }
        double sigma = defaultSigma(size);
        int r = size / 2;
        double[] k = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double x = i - r;
            k[i] = Math.exp(-x * x / (2 * sigma * sigma));
            sum += k[i];
        }
        for (int i = 0; i < size; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /**
     * Gaussian blur with a separable kernel of odd size k (rows, then columns), borders reflected without repeating
     * the edge pixel (torchvision's reflect padding, OpenCV's default border). Size 1 returns the frame.
     */
    public static RgbImage gaussian(RgbImage frame, int size) {
        double[] k = gaussianKernel(size);
        if (size == 1) {
            return frame;
        }
        int w = frame.width();
        int h = frame.height();
        int r = size / 2;
        int[] xs = reflected(w, r);
        int[] ys = reflected(h, r);
        byte[] in = frame.rgb();
        double[] rows = new double[in.length];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                double sr = 0;
                double sg = 0;
                double sb = 0;
                for (int i = 0; i < size; i++) {
                    int p = (row + xs[x + i]) * 3;
                    sr += k[i] * (in[p] & 0xff);
                    sg += k[i] * (in[p + 1] & 0xff);
                    sb += k[i] * (in[p + 2] & 0xff);
                }
                int o = (row + x) * 3;
                rows[o] = sr;
                rows[o + 1] = sg;
                rows[o + 2] = sb;
            }
        }
        double[] out = new double[in.length];
        int stride = w * 3;
        for (int y = 0; y < h; y++) {
            for (int i = 0; i < size; i++) {
                double weight = k[i];
                int src = ys[y + i] * stride;
                int dst = y * stride;
                for (int j = 0; j < stride; j++) {
                    out[dst + j] += weight * rows[src + j];
                }
            }
        }
        return Pixels.fromLevels(w, h, out);
    }

    /** Source index of each padded position -r .. n-1+r (stored from 0), reflected at the borders. */
    private static int[] reflected(int n, int r) {
        int[] idx = new int[n + 2 * r];
        for (int j = 0; j < idx.length; j++) {
            idx[j] = Pixels.reflect(j - r, n);
        }
        return idx;
    }

    /** The motion angle of a frame's seed, in degrees, uniform in [-45, 45]. */
    public static double motionAngle(long seed) {
        return (new SplittableRandom(seed).nextDouble() * 2 - 1) * MAX_ANGLE_DEGREES;
    }

    /**
     * Linear motion blur: the mean of {@code length} samples spaced one pixel apart along a line through the pixel
     * at {@code angleDegrees} (0 is horizontal, positive turns towards +y), centred on it; samples between pixels are
     * interpolated bilinearly, samples beyond the border take the edge pixel. Length 1 returns the frame.
     */
    public static RgbImage motion(RgbImage frame, int length, double angleDegrees) {
        if (length < 1) {
            throw new IllegalArgumentException("motion blur length must be positive, got " + length);
        }
        if (length == 1) {
            return frame;
        }
        int w = frame.width();
        int h = frame.height();
        byte[] in = frame.rgb();
        double dx = Math.cos(Math.toRadians(angleDegrees));
        double dy = Math.sin(Math.toRadians(angleDegrees));
        double[] out = new double[in.length];
        double centre = (length - 1) / 2.0;
        for (int i = 0; i < length; i++) {
            // the offset is the same for every pixel, so are its whole part and the bilinear weights
            double ox = (i - centre) * dx;
            double oy = (i - centre) * dy;
            int ix = (int) Math.floor(ox);
            int iy = (int) Math.floor(oy);
            double fx = ox - ix;
            double fy = oy - iy;
            double w00 = (1 - fx) * (1 - fy);
            double w01 = fx * (1 - fy);
            double w10 = (1 - fx) * fy;
            double w11 = fx * fy;
            int[] xa = new int[w];
            int[] xb = new int[w];
            for (int x = 0; x < w; x++) {
                xa[x] = Pixels.clamp(x + ix, w) * 3;
                xb[x] = Pixels.clamp(x + ix + 1, w) * 3;
            }
            for (int y = 0; y < h; y++) {
                int ya = Pixels.clamp(y + iy, h) * w * 3;
                int yb = Pixels.clamp(y + iy + 1, h) * w * 3;
                int o = y * w * 3;
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        out[o + x * 3 + c] += w00 * (in[ya + xa[x] + c] & 0xff) + w01 * (in[ya + xb[x] + c] & 0xff)
                                + w10 * (in[yb + xa[x] + c] & 0xff) + w11 * (in[yb + xb[x] + c] & 0xff);
                    }
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= length;
        }
        return Pixels.fromLevels(w, h, out);
    }
}
