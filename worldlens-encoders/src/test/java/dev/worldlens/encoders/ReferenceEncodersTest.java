package dev.worldlens.encoders;

import dev.worldlens.core.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceEncodersTest {
    private static RgbImage gradient(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (x * 10 + y);
                rgb[i + 1] = (byte) (y * 20);
                rgb[i + 2] = (byte) 255;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    @Test
    void rawPixelsAreExactBlockMeansForAnIntegerFactor() {
        RgbImage img = gradient(4, 4);
        RawPixelsEncoder enc = new RawPixelsEncoder(2);
        Tokens t = enc.encode(List.of(Clip.of(img)), 0).get(0);
        assertEquals(1, t.steps());
        assertEquals(1, t.count());
        assertEquals(12, t.width());
        float[] v = t.data();
        for (int oy = 0; oy < 2; oy++) {
            for (int ox = 0; ox < 2; ox++) {
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            s += img.rgb()[((oy * 2 + dy) * 4 + ox * 2 + dx) * 3 + c] & 0xff;
                        }
                    }
                    assertEquals((float) (s / 4 / 255), v[(oy * 2 + ox) * 3 + c], 1e-6f);
                }
            }
        }
        assertEquals(0, enc.card().layers());
        assertEquals("raw-pixels", enc.card().family());
        assertThrows(IllegalArgumentException.class, () -> enc.encode(List.of(Clip.of(img)), 1));
    }

    @Test
    void rawPixelsWeighPartlyCoveredPixelsByTheirOverlap() {
        // 3 -> 2: output 0 covers pixel 0 fully and half of pixel 1
        RgbImage img = new RgbImage(3, 1, new byte[]{30, 0, 0, 60, 0, 0, 90, 0, 0});
        float[] v = RawPixelsEncoder.areaAverage(img, 2, 1);
        assertEquals((float) ((30 + 0.5 * 60) / 1.5 / 255), v[0], 1e-6f);
        assertEquals((float) ((0.5 * 60 + 90) / 1.5 / 255), v[3], 1e-6f);
        // a 16x16 default on a 64x64 frame is in [0, 1]
        float[] big = new RawPixelsEncoder().encode(List.of(Clip.of(gradient(64, 48))), -1).get(0).data();
        assertEquals(16 * 16 * 3, big.length);
        for (float f : big) {
            assertTrue(f >= 0 && f <= 1);
        }
    }

    @Test
    void stateOracleReturnsTheStateAndRejectsClipsWithout() {
        StateOracleEncoder enc = new StateOracleEncoder(3);
        RgbImage img = gradient(2, 2);
        List<Tokens> t = enc.encode(List.of(new Clip(List.of(img), new float[]{1, 2, 3}),
                new Clip(List.of(img), new float[]{4, 5, 6})), 0);
        assertArrayEquals(new float[]{1, 2, 3}, t.get(0).data());
        assertArrayEquals(new float[]{4, 5, 6}, t.get(1).meanPool());
        assertEquals("state-oracle", enc.card().family());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> enc.encode(List.of(Clip.of(img)), 0));
        assertTrue(e.getMessage().contains("state"));
        assertThrows(IllegalArgumentException.class,
                () -> enc.encode(List.of(new Clip(List.of(img), new float[]{1})), 0));
    }
}
