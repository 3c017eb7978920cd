package dev.worldlens.data.corrupt;

import dev.worldlens.core.RgbImage;

import java.util.SplittableRandom;

/**
 * Changes of tone and colour: brightness and contrast (ImageNet-C's definitions and tables) and colour jitter
 * (torchvision's ColorJitter with strengths rising with severity). Work is done on [0, 1] values, rounded once at the
 * end.
 */
public final class Photometric {
    /**
     * Brightness: the amount added to the HSV value channel (clipped to 1) by severity 0..5, ImageNet-C's table.
     * Hue and saturation are kept, so every channel of a pixel is scaled by the same factor.
     */
    public static final double[] BRIGHTNESS_SHIFT = {0, 0.1, 0.2, 0.3, 0.4, 0.5};

    /**
     * Contrast: the factor that scales each channel's deviation from its mean over the frame by severity 0..5,
     * ImageNet-C's table.
     */
    public static final double[] CONTRAST_FACTOR = {1, 0.4, 0.3, 0.2, 0.1, 0.05};

    /**
     * Colour jitter: the brightness, contrast and saturation strength s by severity 0..5; each factor is drawn
     * uniformly from [1 - s, 1 + s] per frame (torchvision's ColorJitter(brightness=s, contrast=s, saturation=s)).
     */
    public static final double[] JITTER_STRENGTH = {0, 0.1, 0.2, 0.3, 0.4, 0.5};

    /** Colour jitter: the hue strength by severity 0..5; the shift is drawn from [-h, h] turns of the hue circle. */
    public static final double[] JITTER_HUE = {0, 0.02, 0.04, 0.06, 0.08, 0.10};

    private static final double[] GREY = {0.2989, 0.587, 0.114};

    private Photometric() {
    }

    /** Adds {@code shift} to the HSV value (max of R, G, B, on [0, 1]) of every pixel, clipped to 1. */
    public static RgbImage brightness(RgbImage frame, double shift) {
        byte[] in = frame.rgb();
        double[] out = new double[in.length];
        for (int p = 0; p < in.length; p += 3) {
            double r = (in[p] & 0xff) / 255.0;
            double g = (in[p + 1] & 0xff) / 255.0;
            double b = (in[p + 2] & 0xff) / 255.0;
            double v = Math.max(r, Math.max(g, b));
            double nv = Math.min(1, Math.max(0, v + shift));
            if (v == 0) {
                // black has no hue: it becomes the grey of the new value
                out[p] = out[p + 1] = out[p + 2] = nv * 255;
            } else {
                double scale = nv / v * 255;
                out[p] = r * scale;
                out[p + 1] = g * scale;
                out[p + 2] = b * scale;
            }
        }
        return Pixels.fromLevels(frame.width(), frame.height(), out);
    }

    /** Scales each channel's deviation from its mean over the frame by {@code factor}. */
    public static RgbImage contrast(RgbImage frame, double factor) {
        byte[] in = frame.rgb();
        int n = frame.width() * frame.height();
        double[] mean = new double[3];
        for (int i = 0; i < in.length; i++) {
            mean[i % 3] += in[i] & 0xff;
        }
        for (int c = 0; c < 3; c++) {
            mean[c] /= n;
        }
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = ((in[i] & 0xff) - mean[i % 3]) * factor + mean[i % 3];
        }
        return Pixels.fromLevels(frame.width(), frame.height(), out);
    }

    /** The four factors of one colour jitter and the order they are applied in (0 brightness .. 3 hue). */
    public record Jitter(double brightness, double contrast, double saturation, double hue, int[] order) {
        public Jitter {
            order = order.clone();
        }

        @Override
        public int[] order() {
            return order.clone();
        }
    }

    /** Draws a jitter as torchvision does: each factor uniformly, then a random order of the four adjustments. */
    public static Jitter drawJitter(double strength, double hueStrength, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double lo = Math.max(0, 1 - strength);
        double b = lo + rng.nextDouble() * (1 + strength - lo);
        double c = lo + rng.nextDouble() * (1 + strength - lo);
        double s = lo + rng.nextDouble() * (1 + strength - lo);
        double h = (rng.nextDouble() * 2 - 1) * hueStrength;
        int[] order = {0, 1, 2, 3};
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new Jitter(b, c, s, h, order);
    }

    /**
     * Applies a jitter with torchvision's definitions, clipping to [0, 1] after each step: brightness scales
     * values; contrast blends with the mean grey level of the frame; saturation blends with each pixel's grey level
     * (0.2989 R + 0.587 G + 0.114 B); hue turns the HSV hue by the given fraction of a turn.
     */
    public static RgbImage colourJitter(RgbImage frame, Jitter jitter) {
        byte[] in = frame.rgb();
        double[] x = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            x[i] = (in[i] & 0xff) / 255.0;
        }
        for (int step : jitter.order()) {
            switch (step) {
                case 0 -> {
                    for (int i = 0; i < x.length; i++) {
                        x[i] = clip01(x[i] * jitter.brightness());
                    }
                }
                case 1 -> {
                    double mean = 0;
                    for (int p = 0; p < x.length; p += 3) {
                        mean += grey(x, p);
                    }
                    mean /= x.length / 3.0;
                    for (int i = 0; i < x.length; i++) {
                        x[i] = clip01(jitter.contrast() * x[i] + (1 - jitter.contrast()) * mean);
                    }
                }
                case 2 -> {
                    for (int p = 0; p < x.length; p += 3) {
                        double g = grey(x, p);
                        for (int c = 0; c < 3; c++) {
                            x[p + c] = clip01(jitter.saturation() * x[p + c] + (1 - jitter.saturation()) * g);
                        }
                    }
                }
                default -> {
                    for (int p = 0; p < x.length; p += 3) {
                        turnHue(x, p, jitter.hue());
                    }
                }
            }
        }
        for (int i = 0; i < x.length; i++) {
            x[i] *= 255;
        }
        return Pixels.fromLevels(frame.width(), frame.height(), x);
    }

    private static double grey(double[] x, int p) {
        return GREY[0] * x[p] + GREY[1] * x[p + 1] + GREY[2] * x[p + 2];
    }

    private static double clip01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    /** Turns the hue of the pixel at p by {@code turn} (a fraction of the circle), keeping saturation and value. */
    static void turnHue(double[] x, int p, double turn) {
        double r = x[p];
        double g = x[p + 1];
        double b = x[p + 2];
        double max = Math.max(r, Math.max(g, b));
        double min = Math.min(r, Math.min(g, b));
        double delta = max - min;
        if (delta == 0) {
            return; // grey: no hue to turn
        }
        double h;
        if (max == r) {
            h = ((g - b) / delta) / 6;
        } else if (max == g) {
            h = ((b - r) / delta + 2) / 6;
        } else {
            h = ((r - g) / delta + 4) / 6;
        }
        h = h + turn;
        h -= Math.floor(h);
        double s = delta / max;
        double v = max;
        double h6 = h * 6;
        int sector = (int) Math.floor(h6) % 6;
        double f = h6 - Math.floor(h6);
        double pp = v * (1 - s);
        double q = v * (1 - s * f);
        double t = v * (1 - s * (1 - f));
        double[] rgb = switch (sector) {
            case 0 -> new double[]{v, t, pp};
            case 1 -> new double[]{q, v, pp};
            case 2 -> new double[]{pp, v, t};
            case 3 -> new double[]{pp, q, v};
            case 4 -> new double[]{t, pp, v};
            default -> new double[]{v, pp, q};
        };
        x[p] = rgb[0];
        x[p + 1] = rgb[1];
        x[p + 2] = rgb[2];
    }
}
