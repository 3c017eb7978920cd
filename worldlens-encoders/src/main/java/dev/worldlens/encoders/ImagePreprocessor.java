package dev.worldlens.encoders;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.core.RgbImage;

import java.util.List;

/**
 * Turns RGB frames into an encoder's input: float CHW in [0, 1], resized with a bilinear filter to the card's input
 * size, then normalised per channel as {@code (v - mean) / std}.
 *
 * <p>Resizing is separable and uses pixel centres (PyTorch's {@code align_corners=False}): upscaling or keeping the
 * size is exactly bilinear interpolation with edge clamping; downscaling widens the triangle filter by the scale
 * factor (antialiasing, as PIL and torchvision's {@code antialias=True} do), so that e.g. 256 -> 64 averages the
 * pixels each output pixel covers instead of aliasing. Same-size frames are copied without filtering.
 *
 * <p>Thread-safe; filter weights are cached per source size.
 */
public final class ImagePreprocessor {
    private final int width;
    private final int height;
    private final float[] mean;
    private final float[] std;
    private volatile Filter cachedX;
    private volatile Filter cachedY;

    public ImagePreprocessor(int width, int height, float[] mean, float[] std) {
        if (width <= 0 || height <= 0 || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("need a positive size and 3-channel mean/std");
        }
        this.width = width;
        this.height = height;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    public static ImagePreprocessor forCard(EncoderCard card) {
        return new ImagePreprocessor(card.inputWidth(), card.inputHeight(), card.mean(), card.std());
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Floats per processed frame (3 * H * W). */
    public int frameSize() {
        return 3 * width * height;
    }

    /** One frame as a new float[3 * H * W] in CHW order. */
    public float[] toChw(RgbImage image) {
        float[] out = new float[frameSize()];
        toChw(image, out, 0);
        return out;
    }

    /** Writes one frame as CHW floats into {@code out} from {@code offset}. */
    public void toChw(RgbImage image, float[] out, int offset) {
        int sw = image.width();
        int sh = image.height();
        byte[] rgb = image.rgb();
        int plane = width * height;
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = 1f / (255f * std[c]);
            shift[c] = mean[c] / std[c];
        }
        if (sw == width && sh == height) {
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) {
                    out[offset + c * plane + i] = (rgb[i * 3 + c] & 0xff) * scale[c] - shift[c];
                }
            }
            return;
        }
        Filter fx = filter(true, sw);
        Filter fy = filter(false, sh);
        // horizontal pass: [sh][width][3] in 0..255 units
        float[] tmp = new float[sh * width * 3];
        for (int y = 0; y < sh; y++) {
            int row = y * sw * 3;
            int trow = y * width * 3;
            for (int x = 0; x < width; x++) {
                int start = fx.start[x];
                int n = fx.count[x];
                int wo = x * fx.taps;
                float r = 0;
                float g = 0;
                float b = 0;
                for (int k = 0; k < n; k++) {
                    float w = fx.weights[wo + k];
                    int p = row + (start + k) * 3;
                    r += w * (rgb[p] & 0xff);
                    g += w * (rgb[p + 1] & 0xff);
                    b += w * (rgb[p + 2] & 0xff);
                }
                int t = trow + x * 3;
                tmp[t] = r;
                tmp[t + 1] = g;
                tmp[t + 2] = b;
            }
        }
        // vertical pass straight into CHW, normalised
        for (int y = 0; y < height; y++) {
            int start = fy.start[y];
            int n = fy.count[y];
            int wo = y * fy.taps;
            for (int x = 0; x < width; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int k = 0; k < n; k++) {
                    float w = fy.weights[wo + k];
                    int t = ((start + k) * width + x) * 3;
                    r += w * tmp[t];
                    g += w * tmp[t + 1];
                    b += w * tmp[t + 2];
                }
                int i = offset + y * width + x;
                out[i] = r * scale[0] - shift[0];
                out[i + plane] = g * scale[1] - shift[1];
                out[i + 2 * plane] = b * scale[2] - shift[2];
            }
        }
    }

    /**
     * The inverse of {@link #toChw} for a frame at this preprocessor's size: CHW floats from {@code offset},
     * un-normalised as {@code v * std + mean}, clamped to [0, 1] and rounded to 8 bits.
     */
    public RgbImage toImage(float[] chw, int offset) {
        int plane = width * height;
        if (offset < 0 || chw.length - offset < 3 * plane) {
            throw new IllegalArgumentException("need " + 3 * plane + " values from " + offset + ", have "
                    + (chw.length - offset));
        }
        byte[] rgb = new byte[3 * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                double v = chw[offset + c * plane + i] * std[c] + mean[c];
                rgb[i * 3 + c] = (byte) Math.round(255 * Math.max(0, Math.min(1, v)));
            }
        }
        return new RgbImage(width, height, rgb);
    }

    /**
     * A batch of clips as [B, T, 3, H, W]. Each clip contributes its last {@code clipLength} frames; a shorter clip
     * (the start of an episode) is padded at the front by repeating its first frame.
     */
    public float[] clipsToArray(List<Clip> clips, int clipLength) {
        int fs = frameSize();
        float[] out = new float[clips.size() * clipLength * fs];
        for (int b = 0; b < clips.size(); b++) {
            List<RgbImage> frames = clips.get(b).frames();
            int pad = clipLength - frames.size();
            for (int t = 0; t < clipLength; t++) {
                int src = pad > 0 ? Math.max(0, t - pad) : frames.size() - clipLength + t;
                toChw(frames.get(src), out, (b * clipLength + t) * fs);
            }
        }
        return out;
    }

    /** {@link #clipsToArray} as an NDArray [B, T, 3, H, W] on {@code manager}. */
    public NDArray toNDArray(NDManager manager, List<Clip> clips, int clipLength) {
        return manager.create(clipsToArray(clips, clipLength), new Shape(clips.size(), clipLength, 3, height, width));
    }

    private Filter filter(boolean horizontal, int source) {
        Filter f = horizontal ? cachedX : cachedY;
        if (f == null || f.source != source) {
            f = Filter.of(source, horizontal ? width : height);
            if (horizontal) {
                cachedX = f;
            } else {
                cachedY = f;
            }
        }
        return f;
    }

    /** Per output pixel: first source pixel, tap count and normalised triangle weights. */
    private static final class Filter {
        final int source;
        final int taps;
        final int[] start;
        final int[] count;
        final float[] weights;

        private Filter(int source, int taps, int[] start, int[] count, float[] weights) {
            this.source = source;
            this.taps = taps;
            this.start = start;
            this.count = count;
            this.weights = weights;
        }

        static Filter of(int in, int out) {
            double scale = (double) in / out;
            double support = Math.max(scale, 1.0);
            int taps = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[out];
            int[] count = new int[out];
            float[] weights = new float[out * taps];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max((int) Math.floor(center - support + 0.5), 0);
                int hi = Math.min((int) Math.floor(center + support + 0.5), in);
                double[] w = new double[hi - lo];
                double sum = 0;
                for (int j = lo; j < hi; j++) {
                    double d = Math.abs((j + 0.5 - center) / support);
                    w[j - lo] = Math.max(0, 1 - d);
                    sum += w[j - lo];
                }
                // drop zero-weight ends so the loops stay short
                int a = 0;
                int b = w.length;
                while (a < b && w[a] == 0) {
                    a++;
                }
                while (b > a && w[b - 1] == 0) {
                    b--;
                }
                if (b - a > taps) {
                    throw new IllegalStateException("filter taps " + (b - a) + " > " + taps);
                }
                start[i] = lo + a;
                count[i] = b - a;
                for (int k = a; k < b; k++) {
                    weights[i * taps + k - a] = (float) (w[k] / sum);
                }
            }
            return new Filter(in, taps, start, count, weights);
        }
    }
}
