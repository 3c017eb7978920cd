package dev.worldlens.sim.dataset;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import dev.worldlens.sim.Task;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SimGenerateConfigTest {

    @Test
    void theBuildersDefaultsAreSimGenerates() {
        assertEquals(new SimGenerateConfig("A,B,C", "static", 100, 0, 64, 32, 0, 240, 50),
                SimGenerateConfig.builder().build());
        assertEquals(new SimGenerateConfig("A,B", "randomised", 5, 7, 32, 16, 3, 400, 2), SimGenerateConfig.builder()
                .optScenes("A,B").optSetting("randomised").optEpisodes(5).optSeed(7).optTopSize(32).optGripperSize(16)
                .optPlayTasks(3).optMaxSteps(400).optEpisodesPerFile(2).build());
    }

    @Test
    void errorsNameTheConfigsFieldNotAFlag() {
        assertEquals("episodes", field(() -> SimGenerateConfig.builder().optEpisodes(0).build()));
        assertEquals("episodesPerFile", field(() -> SimGenerateConfig.builder().optEpisodesPerFile(0).build()));
        assertEquals("scenes", field(() -> SimGenerateConfig.builder().optScenes("A,E").build()));
        assertEquals("setting", field(() -> SimGenerateConfig.builder().optSetting("chaotic").build()));
        assertEquals("scene", field(() -> Scene.parse("E")));
        assertEquals("setting", field(() -> Setting.parse("chaotic")));
        assertEquals("task", field(() -> Task.parse("juggle")));
        assertEquals("task", field(() -> Task.parse("lift_block/purple")));
    }

    private static String field(Runnable r) {
        return assertThrows(InvalidInputException.class, r::run).field();
    }
}
