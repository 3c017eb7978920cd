package dev.worldlens.encoders.external;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.encoders.EncoderCard;
import dev.worldlens.encoders.external.ModelCard.Layout;
import dev.worldlens.encoders.external.ModelCard.TokenLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCardTest {
    static final String VIDEO = """
            name: tiny-video
            family: videomae
            format: onnx
            model: models/v.onnx
            input: {width: 32, height: 32, layout: NTCHW, value_range: [0, 255]}
            mean: [127.5, 127.5, 127.5]
            std: [63.75, 63.75, 63.75]
            clip_length: 4
            tubelet: 2
            tokens: {steps: 2, per_step: 16, prefix: 1}
            width: 8
            layers: 3
            output_layout: BND
            outputs:
              0: embed
              3: {name: last, layout: BTND}
            properties: {patch_size: 8, source: "example"}
            """;

    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void loadsEveryField() throws IOException {
        ModelCard card = ModelCard.load(write("video.yaml", VIDEO));
        assertEquals("tiny-video", card.name());
        assertEquals(ModelCard.Format.ONNX, card.format());
        assertEquals(dir.resolve("models/v.onnx").toAbsolutePath(), card.model());
        assertEquals(Layout.NTCHW, card.input().layout());
        assertEquals(new ModelCard.TokenGrid(2, 16, 1), card.tokens());
        assertEquals(TokenLayout.BND, card.output(0).layout());
        assertEquals(new ModelCard.Output("last", TokenLayout.BTND), card.output(3));
        EncoderCard ec = card.toEncoderCard();
        assertEquals(4, ec.clipLength());
        assertEquals(2, ec.tokenSteps());
        assertEquals(16, ec.tokensPerStep());
        assertArrayEquals(new float[]{0.5f, 0.5f, 0.5f}, ec.mean(), 1e-6f);
        assertArrayEquals(new float[]{0.25f, 0.25f, 0.25f}, ec.std(), 1e-6f);
        assertEquals("8", ec.properties().get("patch_size"));
    }

    @Test
    void missingAndWrongFieldsNameFileAndField() throws IOException {
        expectError("no-width.yaml", VIDEO.replace("width: 8\n", ""), "'width'", "missing");
        expectError("no-mean.yaml", VIDEO.replace("mean: [127.5, 127.5, 127.5]\n", ""), "'mean'", "missing");
        expectError("format.yaml", VIDEO.replace("format: onnx", "format: tflite"), "'format'", "tflite");
        expectError("layout.yaml", VIDEO.replace("NTCHW", "NCHW"), "'input.layout'", "clip_length");
        expectError("steps.yaml", VIDEO.replace("steps: 2", "steps: 3"), "'tokens.steps'", "3");
        expectError("layer.yaml", VIDEO.replace("3: {name", "7: {name"), "'outputs.7'", "0..3");
        expectError("typo.yaml", VIDEO.replace("tubelet:", "tublet:"), "'tublet'", "unknown field");
        expectError("std.yaml", VIDEO.replace("[63.75, 63.75, 63.75]", "[1, 0, 1]"), "'std'", "> 0");
        expectError("tokens.yaml", VIDEO.replace("per_step: 16", "per_step: many"), "'tokens.per_step'",
                "integer");
        expectError("broken.json", "{\"name\": ", null, "not valid JSON");
        expectError("escape.yaml", VIDEO.replace("models/v.onnx", "../../etc/passwd"), "'model'",
                "outside the card's folder");
        expectError("absolute.yaml", VIDEO.replace("models/v.onnx", "/etc/passwd"), "'model'",
                "outside the card's folder");
        expectError("huge.yaml", VIDEO.replace("{width: 32, height: 32", "{width: 100000, height: 100000"),
                "'input.", "at most 4096");
    }

    private void expectError(String file, String text, String field, String problem) throws IOException {
        Path path = write(file, text);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelCard.load(path));
        assertTrue(e.getMessage().startsWith(path.toString()), e.getMessage());
        if (field != null) {
            assertTrue(e.getMessage().contains("field " + field), e.getMessage());
        }
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void theExampleCardsInDocsLoad() throws IOException {
        Path cards = Path.of("..", "docs", "cards");
        try (Stream<Path> files = Files.list(cards)) {
            long n = files.filter(p -> p.toString().endsWith(".yaml")).peek(p -> {
                EncoderCard c = ModelCard.load(p).toEncoderCard();
                assertTrue(c.layers() > 0 && c.width() > 0, p.toString());
            }).count();
            assertTrue(n >= 4, "expected the four example cards, found " + n);
        }
    }
}
