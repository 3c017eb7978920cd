package dev.worldlens.probe;

/**
 * Transitions for a probe: pair i is (frame first[i], frame second[i]) with target targets[i] (the action taken at
 * the first frame), from episode episodeOf[i]. Built by {@link PairBuilder}; a split decides which pairs train.
 */
public record PairSet(FrameFeatures frames, int[] first, int[] second, float[][] targets, int[] episodeOf) {
    public PairSet {
        int n = first.length;
        if (second.length != n || targets.length != n || episodeOf.length != n) {
            throw new IllegalArgumentException("pair arrays differ in length");
        }
    }

    public int size() {
        return first.length;
    }

    public int actionDim() {
        return targets.length == 0 ? 0 : targets[0].length;
    }

    /** Width of a probe input in this mode: D differenced, 2D otherwise. */
    public int inputWidth(PairMode mode) {
        return mode == PairMode.DIFFERENCE ? frames.width() : 2 * frames.width();
    }

    /** Probe inputs, one row per pair: [z_t, z_t+k], z_t+k - z_t, or [z_t, z_t+k - z_t]. */
    public float[][] inputs(PairMode mode) {
        int w = inputWidth(mode);
        float[] flat = inputsFlat(mode);
        float[][] out = new float[size()][];
        for (int i = 0; i < size(); i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * w, (i + 1) * w);
        }
        return out;
    }

    /** The same inputs as one row-major array [pairs * inputWidth]: no per-row objects for large sets. */
    public float[] inputsFlat(PairMode mode) {
        int w = inputWidth(mode);
        float[] out = new float[Math.multiplyExact(size(), w)];
        for (int i = 0; i < size(); i++) {
            inputRow(mode, i, out, i * w);
        }
        return out;
    }

    /** The input of pair {@code pair} written into {@code out} from {@code offset} ({@link #inputWidth} floats). */
    public void inputRow(PairMode mode, int pair, float[] out, int offset) {
        int d = frames.width();
        float[] z = frames.pooled();
        int a = first[pair] * d;
        int b = second[pair] * d;
        if (mode == PairMode.CONCAT) {
            System.arraycopy(z, a, out, offset, d);
            System.arraycopy(z, b, out, offset + d, d);
        } else if (mode == PairMode.CONCAT_DELTA) {
            System.arraycopy(z, a, out, offset, d);
            for (int j = 0; j < d; j++) {
                out[offset + d + j] = z[b + j] - z[a + j];
            }
        } else {
            for (int j = 0; j < d; j++) {
                out[offset + j] = z[b + j] - z[a + j];
            }
        }
    }

    /** The pairs at the given positions (same frames). */
    public PairSet subset(int[] positions) {
        int[] f = new int[positions.length];
        int[] s = new int[positions.length];
        float[][] t = new float[positions.length][];
        int[] e = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            f[i] = first[positions[i]];
            s[i] = second[positions[i]];
            t[i] = targets[positions[i]];
            e[i] = episodeOf[positions[i]];
        }
        return new PairSet(frames, f, s, t, e);
    }
}
