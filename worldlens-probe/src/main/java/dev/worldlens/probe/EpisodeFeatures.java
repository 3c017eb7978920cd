package dev.worldlens.probe;

/**
 * One episode's encoded frames: pooled features [T][D] (flat), the actions [T][A] (flat) the probe predicts, and
 * optionally the tokens [T][N][D] (flat) for attentive probes.
 */
public record EpisodeFeatures(int length, int width, int actionDim, float[] pooled, float[] actions,
                              int tokensPerFrame, float[] tokens) {
    public EpisodeFeatures {
        if (pooled.length != length * width || actions.length != length * actionDim) {
            throw new IllegalArgumentException("episode features: sizes do not match [" + length + "][" + width
                    + "] and [" + length + "][" + actionDim + "]");
        }
        if (tokens != null && tokens.length != length * tokensPerFrame * width) {
            throw new IllegalArgumentException("episode tokens: expected " + length * tokensPerFrame * width
                    + " floats, got " + tokens.length);
        }
    }

    public boolean hasTokens() {
        return tokens != null;
    }
}
