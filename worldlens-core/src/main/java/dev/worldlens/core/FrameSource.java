package dev.worldlens.core;

import java.util.List;
import java.util.Map;

/**
 * The frames of one episode, per camera. Implementations may decode lazily (from PNG bytes or a video file) so an
 * episode's pixels are only paid for when read.
 */
public interface FrameSource {

    List<String> cameras();

    int length();

    RgbImage frame(String camera, int t);

    /** Frames held in memory, one list per camera; all lists have the same length. */
    static FrameSource inMemory(Map<String, List<RgbImage>> frames) {
        return new InMemoryFrames(frames);
    }
}
