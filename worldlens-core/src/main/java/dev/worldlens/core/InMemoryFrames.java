package dev.worldlens.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Frames held in memory, as a simulator produces them. */
final class InMemoryFrames implements FrameSource {
    private final Map<String, List<RgbImage>> frames;
    private final int length;

    InMemoryFrames(Map<String, List<RgbImage>> frames) {
        this.frames = new LinkedHashMap<>();
        int n = -1;
        for (Map.Entry<String, List<RgbImage>> e : frames.entrySet()) {
            if (n >= 0 && e.getValue().size() != n) {
                throw new IllegalArgumentException("camera '" + e.getKey() + "' has " + e.getValue().size()
                        + " frames, other cameras have " + n);
            }
            n = e.getValue().size();
            this.frames.put(e.getKey(), List.copyOf(e.getValue()));
        }
        this.length = Math.max(n, 0);
    }

    @Override
    public List<String> cameras() {
        return new ArrayList<>(frames.keySet());
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public RgbImage frame(String camera, int t) {
        List<RgbImage> list = frames.get(camera);
        if (list == null) {
            throw new IllegalArgumentException("unknown camera '" + camera + "'; cameras are " + frames.keySet());
        }
        return list.get(t);
    }
}
