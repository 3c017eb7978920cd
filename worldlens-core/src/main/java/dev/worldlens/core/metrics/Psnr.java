package dev.worldlens.core.metrics;

import dev.worldlens.core.RgbImage;

/**
 * Peak signal-to-noise ratio, {@code 10 log10(peak^2 / MSE)} with the MSE over every pixel and channel (as
 * scikit-image's peak_signal_noise_ratio). Identical images give {@link Double#POSITIVE_INFINITY}, as scikit-image
 * does; averages over many frames should use {@link #capped}, which bounds a frame's value at {@link #CAP_DB} so one
 * perfect frame cannot make a mean infinite.
 */
public final class Psnr {
    /** The bound {@link #capped} applies: 100 dB is an MSE of 1e-10 of the peak squared, far below 8-bit rounding. */
    public static final double CAP_DB = 100.0;
    /** The peak of 8-bit images. */
    public static final double PEAK_8BIT = 255.0;

    private Psnr() {
    }

    /** PSNR of two 8-bit RGB images of the same size, peak 255. */
    public static double of(RgbImage a, RgbImage b) {
        return fromMse(mse(a, b), PEAK_8BIT);
    }

    /** PSNR of two float images (any layout, the same in both) whose values span [0, peak]. */
    public static double of(float[] a, float[] b, double peak) {
        return fromMse(mse(a, b), peak);
    }

    /** {@code 10 log10(peak^2 / mse)}; infinite when mse is 0. */
    public static double fromMse(double mse, double peak) {
        if (!(peak > 0) || !(mse >= 0)) {
            throw new IllegalArgumentException("need peak > 0 and mse >= 0, got peak " + peak + ", mse " + mse);
        }
        if (mse == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10.0 * Math.log10(peak * peak / mse);
    }

    /** {@code psnr} bounded above by {@link #CAP_DB}. */
    public static double capped(double psnr) {
        return Math.min(psnr, CAP_DB);
    }

    /** Mean squared error over every channel value, in 0..255 units. */
    public static double mse(RgbImage a, RgbImage b) {
        sameSize(a, b);
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            int d = (x[i] & 0xff) - (y[i] & 0xff);
            s += d * d;
        }
        return s / x.length;
    }

    public static double mse(float[] a, float[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("need two images of equal, non-zero size, got " + a.length + " and "
                    + b.length + " values");
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            s += d * d;
        }
        return s / a.length;
    }

    static void sameSize(RgbImage a, RgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("images differ in size: " + a.width() + "x" + a.height() + " and "
                    + b.width() + "x" + b.height());
        }
    }
}
