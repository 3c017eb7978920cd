package dev.worldlens.encoders.external;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;
import dev.worldlens.encoders.BuiltinEncoders;
import dev.worldlens.encoders.Clip;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.EncoderCard;
import dev.worldlens.encoders.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.worldlens.encoders.external.TinyOnnxModel.D;
import static dev.worldlens.encoders.external.TinyOnnxModel.N;
import static dev.worldlens.encoders.external.TinyOnnxModel.SIDE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxEncoderTest {
    static final float[] MEAN = {0.5f, 0.4f, 0.3f};
    static final float[] STD = {0.2f, 0.25f, 0.5f};

    @TempDir
    Path dir;

    @BeforeEach
    void writeModel() throws IOException {
        TinyOnnxModel.write(dir.resolve("tiny.onnx"));
    }

    static String card(String extra, String outputs) {
        return """
                name: tiny-onnx
                family: test
                format: onnx
                model: tiny.onnx
                input: {width: 8, height: 8, layout: NCHW%s}
                mean: %s
                std: %s
                tokens: {per_step: 4}
                width: 5
                layers: 2
                batch_size: 2
                outputs:
                %s
                """.formatted(extra, "[0.5, 0.4, 0.3]", "[0.2, 0.25, 0.5]", outputs);
    }

    static final String LAYERS = "  1: layer1\n  2: layer2";

    Path writeCard(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    static RgbImage image(int seed) {
        byte[] rgb = new byte[SIDE * SIDE * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) ((i * 29 + seed * 71 + (i * i) % 13) % 256);
        }
        return new RgbImage(SIDE, SIDE, rgb);
    }

    /** Normalised CHW computed here, independently of ImagePreprocessor. */
    static float[] chw(RgbImage img, boolean bgr) {
        float[] out = new float[3 * SIDE * SIDE];
        for (int c = 0; c < 3; c++) {
            int src = bgr ? 2 - c : c;
            for (int i = 0; i < SIDE * SIDE; i++) {
                out[c * SIDE * SIDE + i] = ((img.rgb()[i * 3 + src] & 0xff) / 255f - MEAN[c]) / STD[c];
            }
        }
        return out;
    }

    static List<Clip> clips() {
        List<Clip> clips = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            clips.add(Clip.of(image(s)));
        }
        return clips;
    }

    @Test
    void returnsTheTokensTheModelComputesForEachLayer() throws IOException {
        Path card = writeCard("tiny.yaml", card("", LAYERS));
        try (Encoder enc = ExternalEncoders.open(card)) {
            assertInstanceOf(OnnxEncoder.class, enc);
            List<Clip> clips = clips(); // 3 clips in batches of 2: one full and one partial batch
            for (int layer = 1; layer <= 2; layer++) {
                List<Tokens> tokens = enc.encode(clips, layer);
                assertEquals(3, tokens.size());
                for (int i = 0; i < 3; i++) {
                    Tokens t = tokens.get(i);
                    assertEquals(1, t.steps());
                    assertEquals(N, t.count());
                    assertEquals(D, t.width());
                    assertArrayEquals(TinyOnnxModel.expected(chw(clips.get(i).last(), false), layer), t.data(), 1e-5f,
                            "layer " + layer + " clip " + i);
                }
            }
            assertArrayEquals(enc.encode(clips, 2).get(1).data(), enc.encode(clips, -1).get(1).data());
        }
    }

    @Test
    void valueRange255AndBgrAreApplied() throws IOException {
        // the same normalisation expressed in [0, 255] units must give the same tokens
        String in255 = card(", value_range: [0, 255]", LAYERS).replace("[0.5, 0.4, 0.3]", "[127.5, 102, 76.5]")
                .replace("[0.2, 0.25, 0.5]", "[51, 63.75, 127.5]");
        List<Clip> clips = clips();
        try (Encoder enc = ExternalEncoders.open(writeCard("range.yaml", in255))) {
            assertArrayEquals(TinyOnnxModel.expected(chw(clips.get(0).last(), false), 1),
                    enc.encode(clips, 1).get(0).data(), 1e-5f);
        }
        try (Encoder enc = ExternalEncoders.open(writeCard("bgr.yaml", card(", channel_order: BGR", LAYERS)))) {
            assertArrayEquals(TinyOnnxModel.expected(chw(clips.get(2).last(), true), 2),
                    enc.encode(clips, 2).get(2).data(), 1e-5f);
        }
    }

    @Test
    void featureMapsAndPooledOutputsBecomeTokens() throws IOException {
        String outputs = "  0: {name: fmap, layout: BCHW}\n  1: layer1\n  2: {name: pooled, layout: BD}";
        List<Clip> clips = clips();
        try (Encoder enc = ExternalEncoders.open(writeCard("maps.yaml", card("", outputs)))) {
            List<Tokens> bnd = enc.encode(clips, 1);
            List<Tokens> fmap = enc.encode(clips, 0);
            List<Tokens> pooled = enc.encode(clips, 2);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(bnd.get(i).data(), fmap.get(i).data(), 1e-6f);
                assertEquals(1, pooled.get(i).count());
                assertArrayEquals(bnd.get(i).meanPool(), pooled.get(i).data(), 1e-5f);
            }
        }
    }

    @Test
    void cardPathsGoThroughBuiltinEncoders() throws IOException {
        Path card = writeCard("tiny.json", """
                {"name": "tiny-json", "format": "onnx", "model": "tiny.onnx",
                 "input": {"width": 8, "layout": "NCHW"}, "mean": [0.5, 0.4, 0.3], "std": [0.2, 0.25, 0.5],
                 "tokens": {"per_step": 4}, "width": 5, "layers": 2, "outputs": {"1": "layer1", "2": "layer2"},
                 "properties": {"patchSize": 4}}
                """);
        try (Encoder enc = BuiltinEncoders.create(card.toString(), 0)) {
            EncoderCard c = enc.card();
            assertEquals("tiny-json", c.name());
            assertEquals(4, c.tokensPerStep());
            assertEquals(5, c.width());
            assertEquals(2, c.layers());
            assertArrayEquals(MEAN, c.mean(), 1e-6f);
            assertEquals("4", c.properties().get("patchSize"));
            assertEquals("onnx", c.properties().get("format"));
            assertEquals(3, enc.encode(clips(), 1).size());
        }
    }

    @Test
    void badCardsNameTheFileAndField() throws IOException {
        Path wrongOutput = writeCard("wrong-output.yaml", card("", "  1: layer1\n  2: block2"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExternalEncoders.open(wrongOutput));
        assertTrue(e.getMessage().contains(wrongOutput.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'outputs.2'") && e.getMessage().contains("block2"), e.getMessage());

        Path noModel = writeCard("no-model.yaml", card("", LAYERS).replace("tiny.onnx", "missing.onnx"));
        e = assertThrows(InvalidInputException.class, () -> ExternalEncoders.open(noModel));
        assertTrue(e.getMessage().contains(noModel.toString()) && e.getMessage().contains("'model'")
                && e.getMessage().contains("missing.onnx"), e.getMessage());

        Path wrongWidth = writeCard("wrong-width.yaml", card("", LAYERS).replace("width: 5", "width: 6"));
        try (Encoder enc = ExternalEncoders.open(wrongWidth)) {
            e = assertThrows(InvalidInputException.class, () -> enc.encode(clips(), 1));
            assertTrue(e.getMessage().contains(wrongWidth.toString()) && e.getMessage().contains("'outputs.1'"),
                    e.getMessage());
        }

        Path oneLayer = writeCard("one-layer.yaml", card("", "  2: layer2"));
        try (Encoder enc = ExternalEncoders.open(oneLayer)) {
            e = assertThrows(InvalidInputException.class, () -> enc.encode(clips(), 1));
            assertTrue(e.getMessage().contains("'outputs'") && e.getMessage().contains("layer 1"), e.getMessage());
        }
    }
}
