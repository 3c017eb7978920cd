package dev.worldlens.sim;

import dev.worldlens.core.Episode;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class DeterminismTest {
    private static final GeneratorConfig CONFIG = GeneratorConfig.of(List.of(Scene.A, Scene.C), Setting.RANDOMISED);

    @Test
    void theSameSeedRendersByteIdenticalFrames() {
        for (int index : new int[]{0, 1, 7}) {
            Episode a = new EpisodeGenerator(CONFIG, 42).generate(index);
            Episode b = new EpisodeGenerator(CONFIG, 42).generate(index);
            assertEquals(a.length(), b.length());
            assertEquals(a.windows(), b.windows());
            for (int t = 0; t < a.length(); t++) {
                assertArrayEquals(a.actions()[t], b.actions()[t]);
                assertArrayEquals(a.states()[t], b.states()[t]);
                for (String cam : List.of("top", "gripper")) {
                    assertArrayEquals(a.frames().frame(cam, t).rgb(), b.frames().frame(cam, t).rgb(),
                            "episode " + index + " camera " + cam + " frame " + t);
                }
            }
        }
    }

    @Test
    void anotherSeedGivesAnotherEpisode() {
        Episode a = new EpisodeGenerator(CONFIG, 42).generate(0);
        Episode b = new EpisodeGenerator(CONFIG, 43).generate(0);
        assertNotEquals(Arrays.deepToString(a.states()), Arrays.deepToString(b.states()));
    }

    @Test
    void camerasHaveTheConfiguredSizes() {
        Episode e = new EpisodeGenerator(CONFIG.withCameras(48, 24), 1).generate(0);
        assertEquals(48, e.frames().frame("top", 0).width());
        assertEquals(24, e.frames().frame("gripper", 0).height());
    }

    @Test
    void playEpisodesChainSeveralLanguageWindows() {
        Episode e = new EpisodeGenerator(CONFIG.withPlay(5, 600), 9).generate(0);
        assertEquals(5, e.windows().size(), "windows: " + e.windows());
        for (int i = 1; i < e.windows().size(); i++) {
            assertEquals(true, e.windows().get(i).start() >= e.windows().get(i - 1).end());
            assertNotEquals(e.windows().get(i).taskId(), e.windows().get(i - 1).taskId());
        }
    }
}
