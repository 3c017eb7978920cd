package dev.worldlens.encoders;

import dev.worldlens.core.RgbImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The raw-pixels reference: each clip's last frame area-averaged down to {@code side x side} and flattened to one
 * token of {@code side * side * 3} values in [0, 1], in row-major (y, x, channel) order. Area averaging weighs every
 * source pixel by the fraction of it that an output pixel covers, so an integer factor gives exact block means.
 * Only layer 0 exists.
 */
public final class RawPixelsEncoder implements Encoder {
    public static final int DEFAULT_SIDE = 16;

    private final int side;
    private final EncoderCard card;

    public RawPixelsEncoder() {
        this(DEFAULT_SIDE);
    }

    public RawPixelsEncoder(int side) {
        if (side < 1) {
            throw new IllegalArgumentException("side must be positive, got " + side);
        }
        this.side = side;
        this.card = new EncoderCard("raw-pixels-" + side, "raw-pixels", side, side, new float[]{0, 0, 0},
                new float[]{1, 1, 1}, 1, 1, 1, side * side * 3, 0,
                Map.of("side", Integer.toString(side), "resize", "area"));
    }

    public int side() {
        return side;
    }

    @Override
    public EncoderCard card() {
        return card;
    }

    @Override
    public List<Tokens> encode(List<Clip> clips, int layer) {
        card.resolveLayer(layer);
        List<Tokens> out = new ArrayList<>(clips.size());
        for (Clip clip : clips) {
            out.add(new Tokens(1, 1, side * side * 3, areaAverage(clip.last(), side, side)));
        }
        return out;
    }

    /** Area-averages an image to {@code outW x outH}, returning HWC floats in [0, 1]. */
    public static float[] areaAverage(RgbImage image, int outW, int outH) {
        int w = image.width();
        int h = image.height();
        byte[] rgb = image.rgb();
        Coverage cx = Coverage.of(w, outW);
        Coverage cy = Coverage.of(h, outH);
        // horizontal: [h][outW][3]
        double[] tmp = new double[h * outW * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < outW; x++) {
                double r = 0;
                double g = 0;
                double b = 0;
                for (int k = cx.start[x]; k < cx.end[x]; k++) {
                    double wt = cx.weight(x, k);
                    int p = (y * w + k) * 3;
                    r += wt * (rgb[p] & 0xff);
                    g += wt * (rgb[p + 1] & 0xff);
                    b += wt * (rgb[p + 2] & 0xff);
                }
                int t = (y * outW + x) * 3;
                tmp[t] = r;
                tmp[t + 1] = g;
                tmp[t + 2] = b;
            }
        }
        float[] out = new float[outH * outW * 3];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    for (int k = cy.start[y]; k < cy.end[y]; k++) {
                        s += cy.weight(y, k) * tmp[(k * outW + x) * 3 + c];
                    }
                    out[(y * outW + x) * 3 + c] = (float) (s / 255.0);
                }
            }
        }
        return out;
    }

    /** Output pixel i covers source [i * in / out, (i + 1) * in / out); weights are the overlaps over the span. */
    private record Coverage(int in, int out, int[] start, int[] end) {
        static Coverage of(int in, int out) {
            int[] start = new int[out];
            int[] end = new int[out];
            for (int i = 0; i < out; i++) {
                start[i] = (int) ((long) i * in / out);
                end[i] = (int) (((long) (i + 1) * in + out - 1) / out);
            }
            return new Coverage(in, out, start, end);
        }

        double weight(int i, int k) {
            // overlap of [k, k+1) with [i*in/out, (i+1)*in/out), in units of 1/out, over the span in/out
            long lo = Math.max((long) k * out, (long) i * in);
            long hi = Math.min((long) (k + 1) * out, (long) (i + 1) * in);
            return Math.max(0, hi - lo) / (double) in;
        }
    }
}
