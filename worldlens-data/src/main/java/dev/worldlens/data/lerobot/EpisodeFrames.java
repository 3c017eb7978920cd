package dev.worldlens.data.lerobot;

import dev.worldlens.core.FrameSource;
import dev.worldlens.core.RgbImage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** An episode's cameras, each read its own way (PNG in parquet, PNG files, mp4), in info.json feature order. */
final class EpisodeFrames implements FrameSource {
    private final Map<String, IntFunction<RgbImage>> cameras;
    private final int length;

    EpisodeFrames(Map<String, IntFunction<RgbImage>> cameras, int length) {
        this.cameras = new LinkedHashMap<>(cameras);
        this.length = length;
    }

    @Override
    public List<String> cameras() {
        return new ArrayList<>(cameras.keySet());
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public RgbImage frame(String camera, int t) {
        IntFunction<RgbImage> source = cameras.get(camera);
        if (source == null) {
            throw new IllegalArgumentException("no camera '" + camera + "'; cameras are " + cameras.keySet());
        }
        if (t < 0 || t >= length) {
            throw new IndexOutOfBoundsException("frame " + t + " of " + length);
        }
        return source.apply(t);
    }
}
