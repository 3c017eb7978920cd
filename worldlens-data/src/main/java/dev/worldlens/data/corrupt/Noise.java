package dev.worldlens.data.corrupt;

import dev.worldlens.core.RgbImage;

import java.util.SplittableRandom;

/**
 * Pixel noise: additive Gaussian noise and shot (Poisson) noise, each drawn independently per pixel and channel from
 * a seeded stream, so the same seed gives the same noise.
 */
public final class Noise {
    /**
     * Gaussian noise: standard deviation on [0, 1] pixel values by severity 0..5. Severity 5 is the study's
     * sigma = 0.15 (Table 2); 2 and 4 are the 0.05 and 0.10 of the suggested sweep. ImageNet-C's table (0.08 to
     * 0.38 on 224 px photographs) is stronger than the study's setting, which is the one followed here.
     */
    public static final double[] GAUSSIAN_SIGMA = {0, 0.025, 0.05, 0.075, 0.10, 0.15};

    /**
     * Shot noise: photons per unit of intensity by severity (ImageNet-C's table): a value x in [0, 1] becomes
     * Poisson(x * c) / c, so its variance x / c grows with the intensity and falls with c.
     */
    public static final double[] SHOT_PHOTONS = {Double.POSITIVE_INFINITY, 60, 25, 12, 5, 3};

    private Noise() {
    }

    /** x + N(0, sigma^2) on [0, 1] values, then rounded and clipped to 0..255. */
    public static RgbImage gaussian(RgbImage frame, double sigma, long seed) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("sigma must be non-negative, got " + sigma);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] in = frame.rgb();
        byte[] out = new byte[in.length];
        double s = sigma * 255;
        for (int i = 0; i < in.length; i++) {
            out[i] = Pixels.toByte((in[i] & 0xff) + s * rng.nextGaussian());
        }
        return new RgbImage(frame.width(), frame.height(), out);
    }

    /** Poisson(x * photons) / photons on [0, 1] values, then rounded and clipped to 0..255. */
    public static RgbImage shot(RgbImage frame, double photons, long seed) {
        if (!(photons > 0)) {
            throw new IllegalArgumentException("photons must be positive, got " + photons);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] in = frame.rgb();
        byte[] out = new byte[in.length];
        double scale = 255 / photons;
        // exp(-lambda) of each grey level, for the multiplication method below lambda 10
        double[] limits = new double[256];
        for (int v = 0; v < 256; v++) {
            limits[v] = Math.exp(-v / 255.0 * photons);
        }
        for (int i = 0; i < in.length; i++) {
            int v = in[i] & 0xff;
            double lambda = v / 255.0 * photons;
            long k = lambda < 10 ? multiplication(limits[v], rng) : poisson(lambda, rng);
            out[i] = Pixels.toByte(k * scale);
        }
        return new RgbImage(frame.width(), frame.height(), out);
    }

    /**
     * A Poisson draw with mean lambda: multiplication of uniforms below 10, Hoermann's transformed rejection (PTRS,
     * as numpy's generator) from 10 up, so the cost does not grow with lambda.
     */
    public static long poisson(double lambda, SplittableRandom rng) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and non-negative, got " + lambda);
        }
        if (lambda == 0) {
            return 0;
        }
        if (lambda < 10) {
            return multiplication(Math.exp(-lambda), rng);
        }
        double slam = Math.sqrt(lambda);
        double loglam = Math.log(lambda);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
                    <= -lambda + k * loglam - logGamma(k + 1)) {
                return k;
            }
        }
    }

    /** Knuth's multiplication method: the number of uniforms whose running product stays above exp(-lambda). */
    private static long multiplication(double limit, SplittableRandom rng) {
        long k = 0;
        double product = rng.nextDouble();
        while (product > limit) {
            k++;
            product *= rng.nextDouble();
        }
        return k;
    }

    /** log Gamma(x) for x >= 1 by Stirling's series (numpy's random_loggam). */
    static double logGamma(double x) {
        final double[] a = {8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04,
                -5.952380952380952e-04, 8.417508417508418e-04, -1.917526917526918e-03, 6.410256410256410e-03,
                -2.955065359477124e-02, 1.796443723688307e-01, -1.39243221690590e+00};
        if (x == 1.0 || x == 2.0) {
            return 0.0;
        }
        double x0 = x;
        int n = 0;
        if (x <= 7.0) {
            n = (int) (7 - x);
            x0 = x + n;
        }
        double x2 = 1.0 / (x0 * x0);
        double gl0 = a[9];
        for (int k = 8; k >= 0; k--) {
            gl0 = gl0 * x2 + a[k];
        }
        double gl = gl0 / x0 + 0.5 * 1.8378770664093453 + (x0 - 0.5) * Math.log(x0) - x0;
        if (x <= 7.0) {
            for (int k = 1; k <= n; k++) {
                gl -= Math.log(x0 - 1.0);
                x0 -= 1.0;
            }
        }
        return gl;
    }
}
