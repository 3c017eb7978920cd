package dev.worldlens.encoders;

import dev.worldlens.core.RgbImage;

import java.util.List;

/**
 * Consecutive frames of one camera, oldest first, ending at the frame being encoded; plus that frame's state, which
 * only the state-oracle reference reads (null when the source has no state).
 */
public record Clip(List<RgbImage> frames, float[] state) {
    public Clip {
        frames = List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a clip needs at least one frame");
        }
    }

    public static Clip of(RgbImage frame) {
        return new Clip(List.of(frame), null);
    }

    public RgbImage last() {
        return frames.get(frames.size() - 1);
    }
}
