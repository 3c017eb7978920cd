package dev.worldlens.encoders.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;
import dev.worldlens.encoders.Clip;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed fixture made by src/test/resources/fixtures/make-torchscript.py with Debian's torch 1.13. */
class TorchScriptEncoderTest {
    @TempDir
    Path dir;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(TorchScriptEncoderTest.class.getResource("/fixtures/" + name).toURI());
    }

    /** The fixture copied beside the card, which names its model relative to itself. */
    String modelBesideCard() throws Exception {
        Path copy = dir.resolve("tiny-encoder.pt");
        if (!Files.exists(copy)) {
            Files.copy(fixture("tiny-encoder.pt"), copy);
        }
        return copy.getFileName().toString();
    }

    Path card(String outputs) throws Exception {
        String text = """
                name: tiny-torchscript
                format: torchscript
                model: %s
                input: {width: 8, height: 8, layout: NCHW}
                mean: [0.5, 0.4, 0.3]
                std: [0.25, 0.2, 0.5]
                tokens: {per_step: 4}
                width: 6
                layers: 2
                outputs:
                %s
                """.formatted(modelBesideCard(), outputs);
        return Files.writeString(dir.resolve("tiny-ts.yaml"), text);
    }

    static float[] floats(JsonNode node) {
        float[] out = new float[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).floatValue();
        }
        return out;
    }

    @Test
    void matchesTheNumbersPyTorchComputed() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(fixture("tiny-encoder-expected.json").toFile());
        List<Clip> clips = new ArrayList<>();
        for (JsonNode img : expected.get("images")) {
            byte[] rgb = new byte[img.size()];
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = (byte) img.get(i).intValue();
            }
            clips.add(Clip.of(new RgbImage(8, 8, rgb)));
        }
        try (Encoder enc = ExternalEncoders.open(card("  1: 0\n  2: 1"))) {
            assertInstanceOf(TorchScriptEncoder.class, enc);
            for (int layer = 1; layer <= 2; layer++) {
                List<Tokens> tokens = enc.encode(clips, layer);
                float[] want = floats(expected.get("layer" + layer));
                float[] got = new float[want.length];
                for (int i = 0; i < tokens.size(); i++) {
                    Tokens t = tokens.get(i);
                    assertEquals(4, t.count());
                    assertEquals(6, t.width());
                    System.arraycopy(t.data(), 0, got, i * 24, 24);
                }
                assertArrayEquals(want, got, 2e-5f, "layer " + layer);
            }
        }
    }

    @Test
    void badOutputIndicesNameTheCardField() throws Exception {
        Path named = card("  1: tokens");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExternalEncoders.open(named));
        assertTrue(e.getMessage().contains(named.toString()) && e.getMessage().contains("'outputs.1'"),
                e.getMessage());

        Path outOfRange = card("  1: 0\n  2: 5");
        try (Encoder enc = ExternalEncoders.open(outOfRange)) {
            e = assertThrows(InvalidInputException.class, () -> enc.encode(List.of(Clip.of(
                    new RgbImage(8, 8, new byte[192]))), 2));
            assertTrue(e.getMessage().contains("'outputs.2'") && e.getMessage().contains("returned 2"),
                    e.getMessage());
        }
    }

    @Test
    void aFileThatIsNotTorchScriptIsReported() throws Exception {
        Path card = card("  1: 0");
        Path notAModel = Files.writeString(dir.resolve("broken.pt"), "not a model");
        Files.writeString(card, Files.readString(card).replace("model: tiny-encoder.pt", "model: broken.pt"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExternalEncoders.open(card));
        assertTrue(e.getMessage().contains(card.toString()) && e.getMessage().contains("'model'"), e.getMessage());
        assertTrue(Files.exists(notAModel));
    }
}
