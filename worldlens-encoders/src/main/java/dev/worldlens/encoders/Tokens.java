package dev.worldlens.encoders;

/**
 * An encoder's output for one clip: [steps][count][width] floats in row-major order (T', N, D).
 */
public record Tokens(int steps, int count, int width, float[] data) {
    public Tokens {
        if (data.length != steps * count * width) {
            throw new IllegalArgumentException("tokens [" + steps + "][" + count + "][" + width + "] need "
                    + steps * count * width + " floats, got " + data.length);
        }
    }

    /** Mean over all steps and tokens: one D-vector. */
    public float[] meanPool() {
        float[] out = new float[width];
        int n = steps * count;
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < width; d++) {
                out[d] += data[i * width + d];
            }
        }
        for (int d = 0; d < width; d++) {
            out[d] /= n;
        }
        return out;
    }

    public int tokenCount() {
        return steps * count;
    }
}
