package dev.worldlens.encoders;

import dev.worldlens.core.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ImagePreprocessorTest {
    // 2x2 image: a=(0,0) b=(1,0) c=(0,1) d=(1,1); channels differ
    static RgbImage twoByTwo() {
        return new RgbImage(2, 2, new byte[]{
                0, 10, (byte) 200, 100, 20, (byte) 220,
                (byte) 200, 30, (byte) 240, (byte) 255, 40, 0});
    }

    private static final float[] MEAN = {0.5f, 0.25f, 0.75f};
    private static final float[] STD = {0.5f, 0.25f, 0.125f};

    private static float norm(double v255, int c) {
        return (float) ((v255 / 255.0 - MEAN[c]) / STD[c]);
    }

    @Test
    void sameSizeOnlyNormalisesInChwOrder() {
        float[] chw = new ImagePreprocessor(2, 2, MEAN, STD).toChw(twoByTwo());
        assertArrayEquals(new float[]{
                norm(0, 0), norm(100, 0), norm(200, 0), norm(255, 0),
                norm(10, 1), norm(20, 1), norm(30, 1), norm(40, 1),
                norm(200, 2), norm(220, 2), norm(240, 2), norm(0, 2)}, chw, 1e-5f);
    }

    @Test
    void toImageUndoesTheNormalisationClampsAndRounds() {
        ImagePreprocessor pre = new ImagePreprocessor(2, 2, MEAN, STD);
        float[] chw = pre.toChw(twoByTwo());
        assertEquals(twoByTwo(), pre.toImage(chw, 0));
        // from an offset; out-of-range values clamp to 0 and 255; values between levels round to the nearest
        float[] shifted = new float[3 + chw.length];
        System.arraycopy(chw, 0, shifted, 3, chw.length);
        shifted[3] = -100f;
        shifted[4] = 100f;
        shifted[3 + 4] = (float) ((10.7 / 255 - MEAN[1]) / STD[1]);
        RgbImage back = pre.toImage(shifted, 3);
        assertEquals(0, back.red(0, 0));
        assertEquals(255, back.red(1, 0));
        assertEquals(11, back.green(0, 0));
        assertEquals(twoByTwo().blue(1, 1), back.blue(1, 1));
    }

    @Test
    void upscalingIsHalfPixelBilinearWithEdgeClamping() {
        float[] chw = new ImagePreprocessor(4, 4, MEAN, STD).toChw(twoByTwo());
        double a = 0;
        double b = 100;
        double c = 200;
        double d = 255;
        // output (x=1, y=1): 0.75/0.25 in both directions
        double v11 = 0.75 * (0.75 * a + 0.25 * b) + 0.25 * (0.75 * c + 0.25 * d);
        // output (x=3, y=1): right edge clamps to column 1
        double v31 = 0.75 * b + 0.25 * d;
        // output (x=0, y=0): corner = a
        assertEquals(norm(v11, 0), chw[1 * 4 + 1], 1e-5f);
        assertEquals(norm(v31, 0), chw[1 * 4 + 3], 1e-5f);
        assertEquals(norm(a, 0), chw[0], 1e-5f);
        // blue plane, (x=2, y=2): 0.25/0.75 both ways
        double v22 = 0.25 * (0.25 * 200 + 0.75 * 220) + 0.75 * (0.25 * 240 + 0.75 * 0);
        assertEquals(norm(v22, 2), chw[2 * 16 + 2 * 4 + 2], 1e-5f);
    }

    @Test
    void downscalingByTwoAveragesTheCoveredPixels() {
        float[] chw = new ImagePreprocessor(1, 1, MEAN, STD).toChw(twoByTwo());
        assertArrayEquals(new float[]{norm((0 + 100 + 200 + 255) / 4.0, 0), norm(25, 1),
                norm((200 + 220 + 240) / 4.0, 2)}, chw, 1e-5f);
    }

    @Test
    void clipsBecomeBTchwAndShortClipsRepeatTheirFirstFrame() {
        RgbImage f0 = new RgbImage(1, 1, new byte[]{10, 10, 10});
        RgbImage f1 = new RgbImage(1, 1, new byte[]{20, 20, 20});
        RgbImage f2 = new RgbImage(1, 1, new byte[]{30, 30, 30});
        ImagePreprocessor pre = new ImagePreprocessor(1, 1, new float[]{0, 0, 0}, new float[]{1, 1, 1});
        float[] v = pre.clipsToArray(List.of(new Clip(List.of(f0, f1, f2), null), Clip.of(f2)), 2);
        float s = 1 / 255f;
        assertArrayEquals(new float[]{20 * s, 20 * s, 20 * s, 30 * s, 30 * s, 30 * s,
                30 * s, 30 * s, 30 * s, 30 * s, 30 * s, 30 * s}, v, 1e-6f);
    }
}
