package dev.worldlens.data.lerobot;

import dev.worldlens.core.Episode;
import dev.worldlens.core.FrameSource;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.RgbImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Episodes of smooth 64x64 and 32x32 frames, the sizes the simulator renders, for a rough speed check. */
final class LargeFrames {
    private LargeFrames() {
    }

    static Episode episode(int index, int n) {
        List<RgbImage> top = new ArrayList<>();
        List<RgbImage> gripper = new ArrayList<>();
        float[][] actions = new float[n][4];
        float[][] states = new float[n][3];
        for (int t = 0; t < n; t++) {
            top.add(gradient(64, t + index));
            gripper.add(gradient(32, t * 3 + index));
            actions[t][0] = t * 0.01f;
            states[t][1] = t;
        }
        return new Episode(index, "A", FrameSource.inMemory(Map.of("top", top, "gripper", gripper)), actions, states,
                SyntheticEpisodes.SCHEMA, SyntheticEpisodes.STATE_NAMES,
                List.of(new LanguageWindow(0, n, "push", "push the block")), 15, Map.of());
    }

    private static RgbImage gradient(int size, int shift) {
        byte[] rgb = new byte[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = (y * size + x) * 3;
                rgb[i] = (byte) (x * 4 + shift);
                rgb[i + 1] = (byte) (y * 4);
                rgb[i + 2] = (byte) ((x + y + shift) * 2);
            }
        }
        return new RgbImage(size, size, rgb);
    }
}
