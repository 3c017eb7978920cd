package dev.worldlens.sim.dataset;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SimGenerateConfigTest {

    @Test
    void theBuildersDefaultsAreSimGenerates() {
        assertEquals(new SimGenerateConfig("A,B,C", "static", 100, 0, 64, 32, 0, 240, 50),
                SimGenerateConfig.builder().build());
        assertEquals(new SimGenerateConfig("A,B", "randomised", 5, 7, 32, 16, 3, 400, 2), SimGenerateConfig.builder()
                .optScenes("A,B").optSetting("randomised").optEpisodes(5).optSeed(7).optTopSize(32).optGripperSize(16)
                .optPlayTasks(3).optMaxSteps(400).optEpisodesPerFile(2).build());
    }
}
