package dev.worldlens.core.metrics;

import dev.worldlens.core.RgbImage;

/**
 * Structural similarity (Wang, Bovik, Sheikh and Simoncelli, 2004) with the paper's settings: local statistics under
 * an 11 x 11 circular-symmetric Gaussian window of sigma 1.5, K1 = 0.01, K2 = 0.03, C = (K L)^2 for the data range L,
 * population (not sample) covariances. The SSIM map is averaged over the positions at least 5 pixels from the border,
 * and over the RGB channels, each channel scored on its own.
 *
 * <p>This is scikit-image's {@code structural_similarity(a, b, gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=L, channel_axis=-1)}: the window is scipy's separable Gaussian filter
 * (radius {@code int(3.5 * 1.5 + 0.5) = 5}, weights normalised to sum 1) with {@code mode='reflect'} at the borders
 * (the edge sample repeated: d c b a | a b c d), and the mean is taken over the map cropped by (11 - 1) / 2.
 * Images must be at least 11 pixels on each side, as scikit-image requires.
 */
public final class Ssim {
    public static final double SIGMA = 1.5;
    public static final int RADIUS = 5; // int(truncate 3.5 * sigma + 0.5), scipy's rule
    public static final int WINDOW = 2 * RADIUS + 1;
    public static final double K1 = 0.01;
    public static final double K2 = 0.03;
    private static final double[] KERNEL = kernel();

    private Ssim() {
    }

    /** Mean SSIM of two 8-bit RGB images of the same size, data range 255, averaged over R, G and B. */
    public static double of(RgbImage a, RgbImage b) {
        Psnr.sameSize(a, b);
        return of(planes(a), planes(b), 3, a.height(), a.width(), Psnr.PEAK_8BIT);
    }

    /**
     * Mean SSIM of two float images in CHW order ({@code channels} planes of {@code height x width}), whose values
     * span a range of {@code dataRange} (1 for [0, 1] images), averaged over the channels.
     */
    public static double of(float[] a, float[] b, int channels, int height, int width, double dataRange) {
        int plane = height * width;
        if (channels < 1 || a.length != channels * plane || b.length != a.length) {
            throw new IllegalArgumentException("expected two images of " + channels + "x" + height + "x" + width
                    + " = " + channels * plane + " values, got " + a.length + " and " + b.length);
        }
        if (height < WINDOW || width < WINDOW) {
            throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW + "x" + WINDOW
                    + " pixels (its Gaussian window), got " + width + "x" + height);
        }
        if (!(dataRange > 0)) {
            throw new IllegalArgumentException("data range must be positive, got " + dataRange);
        }
        double total = 0;
        for (int c = 0; c < channels; c++) {
            total += channel(a, b, c * plane, height, width, dataRange);
        }
        return total / channels;
    }

    private static double channel(float[] a, float[] b, int offset, int h, int w, double range) {
        int n = h * w;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] xx = new double[n];
        double[] yy = new double[n];
        double[] xy = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a[offset + i];
            y[i] = b[offset + i];
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] ux = blur(x, h, w);
        double[] uy = blur(y, h, w);
        double[] uxx = blur(xx, h, w);
        double[] uyy = blur(yy, h, w);
        double[] uxy = blur(xy, h, w);
        double c1 = (K1 * range) * (K1 * range);
        double c2 = (K2 * range) * (K2 * range);
        double sum = 0;
        int count = 0;
        for (int r = RADIUS; r < h - RADIUS; r++) {
            for (int col = RADIUS; col < w - RADIUS; col++) {
                int i = r * w + col;
                double vx = uxx[i] - ux[i] * ux[i];
                double vy = uyy[i] - uy[i] * uy[i];
                double vxy = uxy[i] - ux[i] * uy[i];
                double num = (2 * ux[i] * uy[i] + c1) * (2 * vxy + c2);
                double den = (ux[i] * ux[i] + uy[i] * uy[i] + c1) * (vx + vy + c2);
                sum += num / den;
                count++;
            }
        }
        return sum / count;
    }

    /** The separable Gaussian filter over rows, then columns, with scipy's 'reflect' border. */
    static double[] blur(double[] v, int h, int w) {
        double[] rows = new double[v.length];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double s = 0;
                for (int k = -RADIUS; k <= RADIUS; k++) {
                    s += KERNEL[k + RADIUS] * v[r * w + reflect(c + k, w)];
                }
                rows[r * w + c] = s;
            }
        }
        double[] out = new double[v.length];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double s = 0;
                for (int k = -RADIUS; k <= RADIUS; k++) {
                    s += KERNEL[k + RADIUS] * rows[reflect(r + k, h) * w + c];
                }
                out[r * w + c] = s;
            }
        }
        return out;
    }

    /** scipy.ndimage 'reflect' (half-sample symmetric): -1 -> 0, n -> n - 1; n >= RADIUS so one fold suffices. */
    private static int reflect(int i, int n) {
        if (i < 0) {
            return -i - 1;
        }
        if (i >= n) {
            return 2 * n - i - 1;
        }
        return i;
    }

    private static double[] kernel() {
        double[] k = new double[WINDOW];
        double s = 0;
        for (int i = -RADIUS; i <= RADIUS; i++) {
            k[i + RADIUS] = Math.exp(-0.5 * i * i / (SIGMA * SIGMA));
            s += k[i + RADIUS];
        }
        for (int i = 0; i < WINDOW; i++) {
            k[i] /= s;
        }
        return k;
    }

    /** HWC bytes as CHW floats in 0..255. */
    private static float[] planes(RgbImage image) {
        int n = image.width() * image.height();
        byte[] rgb = image.rgb();
        float[] out = new float[3 * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                out[c * n + i] = rgb[i * 3 + c] & 0xff;
            }
        }
        return out;
    }
}
