package dev.worldlens.study;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncoderStylesTest {
    private static StudyResults.MainRow row(String encoder, String family, String variant) {
        return new StudyResults.MainRow("randomised", encoder, family, variant, "mlp", 1, 1, 0, 0, 0, Map.of(), 1, 1,
                List.of());
    }

    @Test
    void aFamilyKeepsItsMarkerAndHueWithPlusIdDarkerAndTheControlLighterAndDashed() {
        EncoderStyles styles = new EncoderStyles(List.of(row("raw", "raw", "frozen"),
                row("vjepa", "vjepa", "frozen"), row("vjepa", "vjepa", "frozen"), row("vjepa+id", "vjepa", "+ID"),
                row("vjepa+ft", "vjepa", "control"), row("mine", "onnx", "frozen"),
                row("other", "torchscript", "frozen")));
        EncoderStyles.Style frozen = styles.of("vjepa");
        EncoderStyles.Style id = styles.of("vjepa+id");
        EncoderStyles.Style control = styles.of("vjepa+ft");
        assertEquals(frozen.marker(), id.marker());
        assertEquals(frozen.marker(), control.marker());
        assertNotEquals(frozen.marker(), styles.of("raw").marker());
        int base = brightness(frozen);
        assertTrue(brightness(id) < base && brightness(control) > base, base + " " + brightness(id) + " "
                + brightness(control));
        assertTrue(control.dashed());
        assertFalse(frozen.dashed() || id.dashed());
        // families without a colour of their own get distinct spare hues
        assertNotEquals(styles.of("mine").colour(), styles.of("other").colour());
        assertNotEquals(styles.of("mine").colour(), frozen.colour());
    }

    private static int brightness(EncoderStyles.Style s) {
        return s.colour().getRed() + s.colour().getGreen() + s.colour().getBlue();
    }
}
