package dev.worldlens.sim.dataset;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Progress;
import dev.worldlens.sim.ActionFrame;
import dev.worldlens.sim.ActionLabelling;
import dev.worldlens.sim.ActionLabels;
import dev.worldlens.sim.ExpertStyle;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import dev.worldlens.sim.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimGenerateConfigTest {

    @Test
    void theBuildersDefaultsAreSimGenerates() {
        assertEquals(new SimGenerateConfig("A,B,C", "static", 100, 0, 64, 32, 0, 240, 50, "executed", "world", 0.05,
                1, false), SimGenerateConfig.builder().build());
        assertEquals(new SimGenerateConfig("A,B", "randomised", 5, 7, 32, 16, 3, 400, 2, "commanded", "gripper", 0.0, 2,
                        true),
                SimGenerateConfig.builder().optScenes("A,B").optSetting("randomised").optEpisodes(5).optSeed(7)
                        .optTopSize(32).optGripperSize(16).optPlayTasks(3).optMaxSteps(400).optEpisodesPerFile(2)
                        .optLabels("commanded").optActionFrame("gripper").optExpertNoise(0).optActionRepeat(2).optBalanced(true).build());
    }

    @Test
    void theNewOptionsReachTheGenerator() {
        GeneratorConfig g = SimGenerateConfig.builder().optLabels("Commanded").optActionFrame("GRIPPER")
                .optExpertNoise(0.2).optActionRepeat(3).build().generatorConfig();
        assertEquals(new ActionLabelling(ActionLabels.COMMANDED, ActionFrame.GRIPPER, 3), g.labelling());
        assertEquals(0.2, g.style().noise());
        assertEquals(ExpertStyle.DEFAULT.pauseProbability(), g.style().pauseProbability());
        assertEquals(ExpertStyle.DEFAULT.maxPause(), g.style().maxPause());
        assertEquals(ActionLabelling.DEFAULT, SimGenerateConfig.builder().build().generatorConfig().labelling());
        assertEquals("commanded", SimGenerateConfig.builder().optLabels("Commanded").build().normalised().labels());
    }

    @Test
    void badLabellingOptionsAreRefusedNamingTheField() {
        InvalidInputException repeat = assertThrows(InvalidInputException.class,
                () -> SimGenerateConfig.builder().optActionRepeat(0).build());
        assertEquals("actionRepeat", repeat.field());
        assertTrue(repeat.getMessage().contains("expected 1..8, got 0"), repeat.getMessage());
        assertEquals("actionRepeat", field(() -> SimGenerateConfig.builder().optActionRepeat(9).build()));
        assertEquals("labels", field(() -> SimGenerateConfig.builder().optLabels("observed").build()));
        assertEquals("actionFrame", field(() -> SimGenerateConfig.builder().optActionFrame("camera").build()));
        assertEquals("expertNoise", field(() -> SimGenerateConfig.builder().optExpertNoise(-0.01).build()));
        assertEquals("expertNoise", field(() -> SimGenerateConfig.builder().optExpertNoise(Double.NaN).build()));
        assertEquals("expertNoise", field(() -> SimGenerateConfig.builder().optExpertNoise(1.5).build()));
    }

    @Test
    void aBadOptionStopsTheJobBeforeAnythingIsWritten(@TempDir Path dir) {
        Path out = dir.resolve("data");
        SimGenerateConfig bad = new SimGenerateConfig("A", "static", 1, 0, 8, 8, 0, 20, 1, "executed", "world", 0.05,
                0, false);
        assertEquals("actionRepeat", field(() -> SimDatasetJob.run(bad, out, Progress.NONE)));
        assertFalse(Files.exists(out));
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
