package dev.worldlens.data.lerobot;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.FrameSource;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.RgbImage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small seeded episodes with two cameras, grouped actions, state, and one episode of two language windows. */
final class SyntheticEpisodes {
    static final int FPS = 15;
    static final ActionSchema SCHEMA = ActionSchema.fromLabels(List.of("dx", "dy", "dyaw", "grip"),
            List.of("translation", "translation", "rotation", "gripper"));
    static final List<String> STATE_NAMES = List.of("x", "y", "yaw");
    static final int[] LENGTHS = {5, 12, 7, 9};
    static final String[] SCENES = {"A", "B", "A", "C"};

    private SyntheticEpisodes() {
    }

    static List<Episode> episodes(int count) {
        List<Episode> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(episode(i));
        }
        return out;
    }

    static Episode episode(int index) {
        Random rnd = new Random(1000 + index);
        int n = LENGTHS[index];
        Map<String, List<RgbImage>> frames = new LinkedHashMap<>();
        frames.put("top", images(rnd, n, 8, 8));
        frames.put("gripper", images(rnd, n, 4, 4));
        float[][] actions = new float[n][4];
        float[][] states = new float[n][3];
        for (int t = 0; t < n; t++) {
            for (int d = 0; d < 4; d++) {
                actions[t][d] = (float) rnd.nextGaussian();
            }
            for (int d = 0; d < 3; d++) {
                states[t][d] = rnd.nextFloat() * 10;
            }
        }
        List<LanguageWindow> windows = index == 1
                ? List.of(new LanguageWindow(0, 6, "push_left/red", "push the red block left"),
                new LanguageWindow(6, n, "open_drawer", "open the drawer"))
                : List.of(new LanguageWindow(0, n, "push_left/red", "push the red block left"));
        return new Episode(index, SCENES[index], FrameSource.inMemory(frames), actions, states, SCHEMA, STATE_NAMES,
                windows, FPS, Map.of("seed", Integer.toString(index * 7), "setting", "s" + index));
    }

    private static List<RgbImage> images(Random rnd, int n, int w, int h) {
        List<RgbImage> out = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            byte[] rgb = new byte[w * h * 3];
            rnd.nextBytes(rgb);
            out.add(new RgbImage(w, h, rgb));
        }
        return out;
    }

    static LeRobotDatasetWriter.Builder writer(Path root) {
        return LeRobotDatasetWriter.builder(root).setFps(FPS).setActionSchema(SCHEMA).setStateNames(STATE_NAMES)
                .addCamera("top", 8, 8).addCamera("gripper", 4, 4).optRobotType("worldlens-tabletop")
                .optEpisodesPerFile(2).optGenerator("synthetic test episodes");
    }

    /** Writes episodes 0..count-1, two per file, and finishes the dataset. */
    static void writeDataset(Path root, int count) {
        LeRobotDatasetWriter w = writer(root).build();
        List<Episode> eps = episodes(count);
        for (int f = 0; f * 2 < count; f++) {
            w.writeFile(f, eps.subList(f * 2, Math.min(count, f * 2 + 2)));
        }
        w.finish();
    }

    static void assertSameEpisode(Episode want, Episode got) {
        assertEquals(want.index(), got.index());
        assertEquals(want.sceneId(), got.sceneId());
        assertEquals(want.length(), got.length());
        assertArrayEquals(want.actions(), got.actions(), "actions of episode " + want.index());
        assertArrayEquals(want.states(), got.states(), "states of episode " + want.index());
        assertEquals(want.actionSchema(), got.actionSchema());
        assertEquals(want.stateNames(), got.stateNames());
        assertEquals(want.windows(), got.windows());
        assertEquals(want.fps(), got.fps());
        assertEquals(want.extras(), got.extras());
        assertEquals(want.frames().cameras(), got.frames().cameras());
        for (String cam : want.frames().cameras()) {
            for (int t = 0; t < want.length(); t++) {
                assertEquals(want.frames().frame(cam, t), got.frames().frame(cam, t),
                        "episode " + want.index() + " camera " + cam + " frame " + t);
            }
        }
    }
}
