package dev.worldlens.probe.fidelity;

import dev.worldlens.encoders.Tokens;
import dev.worldlens.nn.Standardizer;

/**
 * What the fidelity decoder reads from an encoder's tokens. When a token step's N tokens tile the frame as a grid
 * (N = (H / f) x (W / f) for a power of two f, f = 1 included), the decoder reads that grid of the last token step
 * (the one holding the frame being reconstructed), [D, rows, cols]; otherwise (one token, or a count that does not
 * tile the frame) it reads the mean-pooled features, [D], exactly what the probes read.
 *
 * @param rows  grid rows, 0 for pooled input
 * @param cols  grid columns, 0 for pooled input
 * @param width feature channels D
 */
public record DecoderInput(int rows, int cols, int width) {

    public DecoderInput {
        if (width < 1 || rows < 0 || cols < 0 || (rows == 0) != (cols == 0)) {
            throw new IllegalArgumentException("decoder input needs width >= 1 and both or neither grid sides, got "
                    + rows + "x" + cols + "x" + width);
        }
    }

    /** The input an encoder's tokens give for frames of {@code frameWidth x frameHeight}. */
    public static DecoderInput of(Tokens tokens, int frameWidth, int frameHeight) {
        int n = tokens.count();
        for (int f = 1; n > 1 && f <= Math.min(frameWidth, frameHeight); f *= 2) {
            if (frameHeight % f == 0 && frameWidth % f == 0 && (frameHeight / f) * (frameWidth / f) == n) {
                return new DecoderInput(frameHeight / f, frameWidth / f, tokens.width());
            }
        }
        return new DecoderInput(0, 0, tokens.width());
    }

    public boolean grid() {
        return rows > 0;
    }

    /** Floats per frame: D x rows x cols, or D. */
    public int size() {
        return grid() ? width * rows * cols : width;
    }

    /**
     * One frame's input: the last token step's grid as channel-major [D, rows, cols] (tokens are row-major over the
     * grid), or the mean over all tokens.
     */
    public float[] read(Tokens tokens) {
        if (tokens.width() != width || (grid() && tokens.count() != rows * cols)) {
            throw new IllegalArgumentException("tokens [" + tokens.steps() + "][" + tokens.count() + "]["
                    + tokens.width() + "] do not fit the decoder input " + this);
        }
        if (!grid()) {
            return tokens.meanPool();
        }
        int n = rows * cols;
        int from = (tokens.steps() - 1) * n * width;
        float[] data = tokens.data();
        float[] out = new float[size()];
        for (int p = 0; p < n; p++) {
            for (int d = 0; d < width; d++) {
                out[d * n + p] = data[from + p * width + d];
            }
        }
        return out;
    }

    /**
     * Per-channel statistics over {@code count} frames of {@link #read} inputs stored one after another (over every
     * grid position too), with the probes' std floor: encoders differ in feature scale by orders of magnitude, and
     * one fixed learning rate only serves them all on standardised inputs.
     */
    public Standardizer fit(float[] frames, int count) {
        int positions = grid() ? rows * cols : 1;
        double[] sum = new double[width];
        double[] sq = new double[width];
        long n = (long) count * positions;
        for (int f = 0; f < count; f++) {
            for (int d = 0; d < width; d++) {
                int o = f * size() + d * positions;
                for (int p = 0; p < positions; p++) {
                    sum[d] += frames[o + p];
                }
            }
        }
        float[] mean = new float[width];
        for (int d = 0; d < width; d++) {
            mean[d] = (float) (sum[d] / n);
        }
        for (int f = 0; f < count; f++) {
            for (int d = 0; d < width; d++) {
                int o = f * size() + d * positions;
                for (int p = 0; p < positions; p++) {
                    double c = frames[o + p] - mean[d];
                    sq[d] += c * c;
                }
            }
        }
        float[] std = new float[width];
        for (int d = 0; d < width; d++) {
            double sd = Math.sqrt(sq[d] / n);
            std[d] = sd < Standardizer.DEFAULT_STD_FLOOR ? 1f : (float) sd;
        }
        return new Standardizer(mean, std);
    }

    /** Standardises {@code count} frames of inputs in place with per-channel statistics. */
    public void standardise(float[] frames, int count, Standardizer s) {
        int positions = grid() ? rows * cols : 1;
        for (int f = 0; f < count; f++) {
            for (int d = 0; d < width; d++) {
                int o = f * size() + d * positions;
                for (int p = 0; p < positions; p++) {
                    frames[o + p] = (frames[o + p] - s.mean()[d]) / s.std()[d];
                }
            }
        }
    }

    /** For the report: "grid 8x8x192" or "pooled 768". */
    public String describe() {
        return grid() ? "grid " + rows + "x" + cols + "x" + width : "pooled " + width;
    }
}
