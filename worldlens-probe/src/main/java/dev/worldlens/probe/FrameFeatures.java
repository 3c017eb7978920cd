package dev.worldlens.probe;

/**
 * Features of many frames held in flat arrays: a pooled D-vector per frame, and optionally the frame's N tokens of
 * width D (for attentive probes). Pairs index into it, so a frame used by two pairs is stored once.
 *
 * @param pooled [count * width]
 * @param tokens [count * tokensPerFrame * width], or null when tokens were not kept
 */
public record FrameFeatures(int count, int width, float[] pooled, int tokensPerFrame, float[] tokens) {
    public FrameFeatures {
        if (pooled.length != (long) count * width) {
            throw new IllegalArgumentException("pooled features: expected " + (long) count * width + " floats, got "
                    + pooled.length);
        }
        if (tokens != null && tokens.length != (long) count * tokensPerFrame * width) {
            throw new IllegalArgumentException("tokens: expected " + (long) count * tokensPerFrame * width
                    + " floats, got " + tokens.length);
        }
    }

    public boolean hasTokens() {
        return tokens != null;
    }
}
