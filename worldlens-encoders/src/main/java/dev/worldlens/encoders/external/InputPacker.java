package dev.worldlens.encoders.external;

import dev.worldlens.encoders.Clip;
import dev.worldlens.encoders.ImagePreprocessor;
import dev.worldlens.encoders.external.ModelCard.Input;

import java.util.List;

/**
 * Turns a batch of clips into the model's input tensor as the card describes it: resized and normalised by
 * {@link ImagePreprocessor} (which works in RGB, [0, 1] units; the card's mean/std are converted to those units),
 * then channels swapped for BGR models and axes permuted into the card's layout.
 */
final class InputPacker {
    private final ModelCard card;
    private final ImagePreprocessor preprocessor;

    InputPacker(ModelCard card) {
        this.card = card;
        this.preprocessor = new ImagePreprocessor(card.input().width(), card.input().height(), card.pixelMean(),
                card.pixelStd());
    }

    /** A packed batch: the floats in row-major order and the tensor shape. */
    record Batch(float[] data, long[] shape) {
    }

    Batch pack(List<Clip> clips) {
        Input in = card.input();
        int b = clips.size();
        int t = card.clipLength();
        int h = in.height();
        int w = in.width();
        float[] btchw = preprocessor.clipsToArray(clips, t);
        if (in.bgr()) {
            swapRedBlue(btchw, b * t, h * w);
        }
        return switch (in.layout()) {
            case NCHW -> new Batch(btchw, new long[]{b, 3, h, w});
            case NTCHW -> new Batch(btchw, new long[]{b, t, 3, h, w});
            case NHWC -> new Batch(toChannelsLast(btchw, b, h * w), new long[]{b, h, w, 3});
            case NCTHW -> new Batch(swapTimeChannel(btchw, b, t, h * w), new long[]{b, 3, t, h, w});
        };
    }

    private static void swapRedBlue(float[] x, int frames, int plane) {
        for (int f = 0; f < frames; f++) {
            int r = f * 3 * plane;
            int bl = r + 2 * plane;
            for (int i = 0; i < plane; i++) {
                float tmp = x[r + i];
                x[r + i] = x[bl + i];
                x[bl + i] = tmp;
            }
        }
    }

    /** [B, 3, P] -> [B, P, 3] (single-frame layouts only). */
    private static float[] toChannelsLast(float[] x, int b, int plane) {
        float[] out = new float[x.length];
        for (int n = 0; n < b; n++) {
            int base = n * 3 * plane;
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < plane; i++) {
                    out[base + i * 3 + c] = x[base + c * plane + i];
                }
            }
        }
        return out;
    }

    /** [B, T, 3, P] -> [B, 3, T, P]. */
    private static float[] swapTimeChannel(float[] x, int b, int t, int plane) {
        float[] out = new float[x.length];
        for (int n = 0; n < b; n++) {
            int base = n * t * 3 * plane;
            for (int f = 0; f < t; f++) {
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(x, base + (f * 3 + c) * plane, out, base + (c * t + f) * plane, plane);
                }
            }
        }
        return out;
    }
}
