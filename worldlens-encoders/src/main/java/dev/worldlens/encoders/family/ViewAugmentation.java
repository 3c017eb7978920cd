package dev.worldlens.encoders.family;

import dev.worldlens.nn.TokenMasks;

import java.util.SplittableRandom;

/**
 * The view pipeline of contrastive image self-supervision (SimCLR, Chen et al. 2020; the BYOL/MoCo v3 strengths), on
 * one normalised CHW frame in [-1, 1]: random resized crop, colour jitter (brightness, contrast, saturation, hue in a
 * random order) with probability {@code jitterProbability}, grayscale with probability {@code grayProbability}, and
 * Gaussian blur with probability {@code blurProbability}. Every choice is drawn from the caller's random source.
 *
 * <p>No horizontal flip: SimCLR flips, but a flip maps a move to the left onto a move to the right, and the study
 * measures how well such directions can be read back from the features; teaching the encoder to ignore them would
 * bias the comparison against the family for a reason that has nothing to do with image-only pretraining.
 *
 * @param cropMinScale      smallest crop area as a fraction of the frame (the largest is the whole frame)
 * @param jitterProbability chance that colour jitter is applied
 * @param brightness        brightness factor drawn in [1 - b, 1 + b]
 * @param contrast          contrast factor drawn in [1 - c, 1 + c]
 * @param saturation        saturation factor drawn in [1 - s, 1 + s]
 * @param hue               hue shift drawn in [-h, h] turns
 * @param grayProbability   chance of converting to grayscale
 * @param blurProbability   chance of a Gaussian blur
 */
public record ViewAugmentation(double cropMinScale, double jitterProbability, double brightness, double contrast,
                               double saturation, double hue, double grayProbability, double blurProbability) {
    /** Blur sigma range of SimCLR at 224 px; scaled to the frame side so a blur removes the same share of detail. */
    private static final double SIGMA_MIN_224 = 0.1;
    private static final double SIGMA_MAX_224 = 2.0;
    private static final double LOG_ASPECT = Math.log(4.0 / 3.0);

    public ViewAugmentation {
        if (!(cropMinScale > 0 && cropMinScale <= 1)) {
            throw new IllegalArgumentException("crop scale must be in (0, 1], got " + cropMinScale);
        }
    }

    /**
     * Jitter strengths of BYOL and MoCo v3 (0.4, 0.4, 0.2, 0.1 with p 0.8), grayscale p 0.2, blur p 0.5 (SimCLR),
     * crops of at least {@code cropMinScale} of the frame.
     */
    public static ViewAugmentation standard(double cropMinScale) {
        return new ViewAugmentation(cropMinScale, 0.8, 0.4, 0.4, 0.2, 0.1, 0.2, 0.5);
    }

    /**
     * Writes one augmented view of the frame at {@code src[from..]} (3 x size x size, values in [-1, 1]) into
     * {@code dst[to..]}.
     */
    public void apply(float[] src, int from, int size, SplittableRandom rng, float[] dst, int to) {
        int plane = size * size;
        float[] rgb = new float[3 * plane];
        cropAndResize(src, from, size, rng, rgb);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (rgb[i] + 1f) * 0.5f;
        }
        if (rng.nextDouble() < jitterProbability) {
            jitter(rgb, plane, rng);
        }
        if (rng.nextDouble() < grayProbability) {
            toGray(rgb, plane, 1f);
        }
        if (rng.nextDouble() < blurProbability) {
            double scale = size / 224.0;
            double sigma = scale * (SIGMA_MIN_224 + rng.nextDouble() * (SIGMA_MAX_224 - SIGMA_MIN_224));
            blur(rgb, size, sigma);
        }
        for (int i = 0; i < rgb.length; i++) {
            dst[to + i] = Math.max(0f, Math.min(1f, rgb[i])) * 2f - 1f;
        }
    }

    /** torchvision's RandomResizedCrop: 10 tries at an area and log-uniform aspect in [3/4, 4/3], else the frame. */
    private void cropAndResize(float[] src, int from, int size, SplittableRandom rng, float[] out) {
        double area = (double) size * size;
        double h = size;
        double w = size;
        double top = 0;
        double left = 0;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (cropMinScale + rng.nextDouble() * (1 - cropMinScale));
            double aspect = Math.exp((rng.nextDouble() * 2 - 1) * LOG_ASPECT);
            int cw = (int) Math.round(Math.sqrt(target * aspect));
            int ch = (int) Math.round(Math.sqrt(target / aspect));
            if (cw > 0 && ch > 0 && cw <= size && ch <= size) {
                h = ch;
                w = cw;
                top = rng.nextInt(size - ch + 1);
                left = rng.nextInt(size - cw + 1);
                break;
            }
        }
        int plane = size * size;
        for (int r = 0; r < size; r++) {
            double y = clamp(top + (r + 0.5) * h / size - 0.5, size - 1);
            int y0 = (int) y;
            int y1 = Math.min(size - 1, y0 + 1);
            double fy = y - y0;
            for (int c = 0; c < size; c++) {
                double x = clamp(left + (c + 0.5) * w / size - 0.5, size - 1);
                int x0 = (int) x;
                int x1 = Math.min(size - 1, x0 + 1);
                double fx = x - x0;
                for (int k = 0; k < 3; k++) {
                    int base = from + k * plane;
                    double v = (1 - fy) * ((1 - fx) * src[base + y0 * size + x0] + fx * src[base + y0 * size + x1])
                            + fy * ((1 - fx) * src[base + y1 * size + x0] + fx * src[base + y1 * size + x1]);
                    out[k * plane + r * size + c] = (float) v;
                }
            }
        }
    }

    private static double clamp(double v, double hi) {
        return Math.max(0, Math.min(hi, v));
    }

    /** torchvision's ColorJitter: the four adjustments in a random order, each clamped to [0, 1]. */
    private void jitter(float[] rgb, int plane, SplittableRandom rng) {
        int[] order = TokenMasks.permutation(4, rng);
        for (int op : order) {
            switch (op) {
                case 0 -> scale(rgb, factor(brightness, rng));
                case 1 -> {
                    float f = factor(contrast, rng);
                    float mean = 0;
                    for (int i = 0; i < plane; i++) {
                        mean += luma(rgb, plane, i);
                    }
                    mean /= plane;
                    for (int i = 0; i < rgb.length; i++) {
                        rgb[i] = clamp01((rgb[i] - mean) * f + mean);
                    }
                }
                case 2 -> toGray(rgb, plane, 1f - factor(saturation, rng));
                default -> rotateHue(rgb, plane, (float) ((rng.nextDouble() * 2 - 1) * hue));
            }
        }
    }

    private static float factor(double strength, SplittableRandom rng) {
        return (float) (1 - strength + rng.nextDouble() * 2 * strength);
    }

    private static void scale(float[] rgb, float f) {
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = clamp01(rgb[i] * f);
        }
    }

    /** Blends each pixel towards its luma by {@code amount} (1: grayscale; negative: more saturated). */
    private static void toGray(float[] rgb, int plane, float amount) {
        for (int i = 0; i < plane; i++) {
            float y = luma(rgb, plane, i);
            for (int k = 0; k < 3; k++) {
                int j = k * plane + i;
                rgb[j] = clamp01(rgb[j] + (y - rgb[j]) * amount);
            }
        }
    }

    private static float luma(float[] rgb, int plane, int i) {
        return 0.299f * rgb[i] + 0.587f * rgb[plane + i] + 0.114f * rgb[2 * plane + i];
    }

    /** Rotates colours about the gray axis by {@code turns} of a full circle (a hue shift that keeps luminance). */
    private static void rotateHue(float[] rgb, int plane, float turns) {
        double a = turns * 2 * Math.PI;
        double cos = Math.cos(a);
        double sin = Math.sin(a);
        double third = 1.0 / 3.0;
        double root = Math.sqrt(third);
        // Rodrigues rotation about (1, 1, 1) / sqrt(3)
        float m00 = (float) (cos + (1 - cos) * third);
        float m01 = (float) ((1 - cos) * third - root * sin);
        float m02 = (float) ((1 - cos) * third + root * sin);
        for (int i = 0; i < plane; i++) {
            float r = rgb[i];
            float g = rgb[plane + i];
            float b = rgb[2 * plane + i];
            rgb[i] = clamp01(m00 * r + m01 * g + m02 * b);
            rgb[plane + i] = clamp01(m02 * r + m00 * g + m01 * b);
            rgb[2 * plane + i] = clamp01(m01 * r + m02 * g + m00 * b);
        }
    }

    /** Separable Gaussian blur with a kernel of radius ceil(3 sigma) and edge replication. */
    private static void blur(float[] rgb, int size, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] kernel = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        int plane = size * size;
        float[] tmp = new float[plane];
        for (int k = 0; k < 3; k++) {
            int base = k * plane;
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < size; c++) {
                    float v = 0;
                    for (int j = -radius; j <= radius; j++) {
                        int cc = Math.max(0, Math.min(size - 1, c + j));
                        v += kernel[j + radius] * rgb[base + r * size + cc];
                    }
                    tmp[r * size + c] = v;
                }
            }
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < size; c++) {
                    float v = 0;
                    for (int j = -radius; j <= radius; j++) {
                        int rr = Math.max(0, Math.min(size - 1, r + j));
                        v += kernel[j + radius] * tmp[rr * size + c];
                    }
                    rgb[base + r * size + c] = v;
                }
            }
        }
    }

    private static float clamp01(float v) {
        return Math.max(0f, Math.min(1f, v));
    }
}
