package dev.worldlens.probe.fidelity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.encoders.Tokens;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Standardizer;
import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PixelDecoderTest {

    @Test
    void tokenCountsThatTileTheFrameAreGridsOthersArePooled() {
        assertEquals(new DecoderInput(4, 4, 8), DecoderInput.of(new Tokens(1, 16, 8, new float[128]), 16, 16));
        assertEquals(new DecoderInput(16, 16, 2), DecoderInput.of(new Tokens(1, 256, 2, new float[512]), 16, 16));
        // a 2x4 grid of a 32x64 frame (f = 16)
        assertEquals(new DecoderInput(2, 4, 3), DecoderInput.of(new Tokens(2, 8, 3, new float[48]), 64, 32));
        assertFalse(DecoderInput.of(new Tokens(1, 1, 768, new float[768]), 16, 16).grid());
        // 9 tokens cannot tile 16x16 by a power of two
        assertFalse(DecoderInput.of(new Tokens(1, 9, 4, new float[36]), 16, 16).grid());
    }

    @Test
    void aGridIsReadChannelMajorFromTheLastTokenStep() {
        // 2 steps of a 2x2 grid, width 3: token (s, p) channel d holds 100 s + 10 p + d
        float[] data = new float[2 * 4 * 3];
        for (int s = 0; s < 2; s++) {
            for (int p = 0; p < 4; p++) {
                for (int d = 0; d < 3; d++) {
                    data[(s * 4 + p) * 3 + d] = 100 * s + 10 * p + d;
                }
            }
        }
        Tokens tokens = new Tokens(2, 4, 3, data);
        DecoderInput grid = DecoderInput.of(tokens, 16, 16);
        assertEquals(new DecoderInput(2, 2, 3), grid);
        assertArrayEquals(new float[]{100, 110, 120, 130, 101, 111, 121, 131, 102, 112, 122, 132}, grid.read(tokens));
        DecoderInput pooled = new DecoderInput(0, 0, 3);
        assertArrayEquals(new float[]{65, 66, 67}, pooled.read(tokens), 1e-5f);
        assertThrows(IllegalArgumentException.class, () -> new DecoderInput(0, 0, 4).read(tokens));
    }

    @Test
    void perChannelStandardisationSpansFramesAndPositions() {
        DecoderInput grid = new DecoderInput(1, 2, 2);
        // two frames [D=2, 1x2]: channel 0 takes 1, 3, 5, 7; channel 1 is constant 4
        float[] frames = {1, 3, 4, 4, 5, 7, 4, 4};
        Standardizer s = grid.fit(frames, 2);
        assertArrayEquals(new float[]{4, 4}, s.mean(), 1e-6f);
        assertArrayEquals(new float[]{(float) Math.sqrt(5), 1}, s.std(), 1e-6f);
        grid.standardise(frames, 2, s);
        assertEquals(-3 / Math.sqrt(5), frames[0], 1e-6);
        assertEquals(0, frames[2], 0);
    }

    @Test
    void decodesGridsAndPooledFeaturesToTheFrameAndStartsAtZero() {
        try (NDManager manager = Torch.newManager(); Parameters params = new Parameters(manager)) {
            PixelDecoder grid = PixelDecoder.create(params, new DecoderInput(4, 4, 5), 16, 16, 32,
                    new SplittableRandom(1));
            NDArray x = manager.randomNormal(new Shape(2, 5, 4, 4));
            NDArray y = grid.forward(x);
            assertEquals(new Shape(2, 3, 16, 16), y.getShape());
            // the zero output convolution: an untrained decoder adds nothing to the mean frame
            assertEquals(0f, y.abs().max().getFloat(), 0f);

            Parameters more = new Parameters(manager);
            PixelDecoder pooled = PixelDecoder.create(more, new DecoderInput(0, 0, 7), 32, 16, 16,
                    new SplittableRandom(1));
            assertEquals(new Shape(3, 3, 16, 32), pooled.forward(manager.randomNormal(new Shape(3, 7))).getShape());
            assertTrue(more.all().containsKey("dec.in.weight") && more.all().containsKey("dec.up1.conv1.weight"),
                    more.all().keySet().toString());
            assertThrows(IllegalArgumentException.class, () -> PixelDecoder.create(new Parameters(manager),
                    new DecoderInput(3, 3, 2), 16, 16, 16, new SplittableRandom(1)));
        }
    }
}
