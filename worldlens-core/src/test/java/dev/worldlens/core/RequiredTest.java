package dev.worldlens.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequiredTest {

    @Test
    void namesEveryMissingFieldWithItsSetter() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Required.check("PretrainSpec", "model", "vjepa", "steps", null, "batch", null));
        assertEquals("PretrainSpec.builder(): required fields not set: steps (setSteps), batch (setBatch)",
                e.getMessage());
        assertDoesNotThrow(() -> Required.check("PretrainSpec", "steps", 3, "batch", 4));
    }
}
