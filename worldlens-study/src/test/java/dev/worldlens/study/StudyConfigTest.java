package dev.worldlens.study;

import dev.worldlens.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A study config is checked whole when read, before a study writes anything; errors name the config path. */
class StudyConfigTest {

    private static String smoke() throws IOException {
        try (InputStream in = StudyConfig.class.getResourceAsStream("/study/smoke.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InvalidInputException refused(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("study.yaml");
        Files.writeString(file, yaml);
        return assertThrows(InvalidInputException.class, () -> StudyConfig.read(file));
    }

    @Test
    void everyPresetReads() {
        for (String preset : StudyConfig.PRESETS) {
            assertEquals(preset, StudyConfig.preset(preset).preset());
        }
    }

    @Test
    void simulatorFieldsAreCheckedWhenTheConfigIsRead(@TempDir Path dir) throws IOException {
        String smoke = smoke();
        InvalidInputException noise = refused(dir, smoke.replace("maxSteps: 240}", "maxSteps: 240, noise: 2.0}"));
        assertEquals("data.noise", noise.field(), noise.getMessage());
        InvalidInputException repeat = refused(dir, smoke.replace("maxSteps: 240}", "maxSteps: 240, actionRepeat: 0}"));
        assertEquals("data.actionRepeat", repeat.field(), repeat.getMessage());
        InvalidInputException labels = refused(dir, smoke.replace("maxSteps: 240}", "maxSteps: 240, labels: guessed}"));
        assertEquals("data.labels", labels.field(), labels.getMessage());
        assertTrue(labels.getMessage().contains("study.yaml"), labels.getMessage());
    }

    @Test
    void probeGapsAndReferencesAreChecked(@TempDir Path dir) throws IOException {
        String smoke = smoke();
        assertEquals("probe.k", refused(dir, smoke.replace("k: [1, 4]", "k: [1, 9]")).field());
        assertEquals("baselines", refused(dir, smoke.replace("baselines: [state, raw, motion, pixel-id]",
                "baselines: [state, flow]")).field());
        assertEquals("probe.cnnSteps", refused(dir, smoke.replace("cnnSteps: 20", "cnnSteps: 0")).field());
    }
}
