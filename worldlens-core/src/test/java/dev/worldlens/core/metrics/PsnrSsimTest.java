package dev.worldlens.core.metrics;

import dev.worldlens.core.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PsnrSsimTest {

    /** A 16x13 image with structure everywhere, and a second one off by a bounded pattern. */
    private static RgbImage pattern(boolean shifted) {
        int w = 16;
        int h = 13;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int v = (x * 37 + y * 11 + c * 53 + x * y * 7) % 256;
                    if (shifted) {
                        v = Math.min(255, Math.max(0, v + (x * 13 + y * 29 + c * 7) % 41 - 20));
                    }
                    rgb[(y * w + x) * 3 + c] = (byte) v;
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static RgbImage constant(int w, int h, int value) {
        byte[] rgb = new byte[w * h * 3];
        java.util.Arrays.fill(rgb, (byte) value);
        return new RgbImage(w, h, rgb);
    }

    private static RgbImage noisy(RgbImage image, double sigma, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] out = image.rgb().clone();
        for (int i = 0; i < out.length; i++) {
            long v = Math.round((out[i] & 0xff) + sigma * rng.nextGaussian());
            out[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return new RgbImage(image.width(), image.height(), out);
    }

    @Test
    void identicalImagesHaveInfinitePsnrCappedAt100AndSsimOne() {
        RgbImage a = pattern(false);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(a, a));
        assertEquals(Psnr.CAP_DB, Psnr.capped(Psnr.of(a, a)));
        assertEquals(1.0, Ssim.of(a, a), 1e-12);
    }

    @Test
    void psnrOfAConstantOffsetIsTheClosedForm() {
        // every value off by 10: MSE 100, PSNR 20 log10(255 / 10)
        assertEquals(20 * Math.log10(25.5), Psnr.of(constant(7, 5, 100), constant(7, 5, 110)), 1e-12);
        float[] a = new float[48];
        float[] b = new float[48];
        java.util.Arrays.fill(b, 0.25f);
        // [0, 1] images off by 0.25: 10 log10(1 / 0.0625) = 12.04 dB
        assertEquals(10 * Math.log10(16), Psnr.of(a, b, 1.0), 1e-9);
        assertEquals(6.0206, Psnr.fromMse(0.25, 1.0), 1e-4);
    }

    @Test
    void matchesScipyReference() {
        // computed in float64 with scipy 1.17 (scikit-image's formula, which is not installed here):
        //   f = lambda z: gaussian_filter(z, sigma=1.5, truncate=3.5, mode='reflect')
        //   ux, uy = f(X), f(Y); vx = f(X*X) - ux**2; vy = f(Y*Y) - uy**2; vxy = f(X*Y) - ux*uy
        //   S = ((2 ux uy + C1)(2 vxy + C2)) / ((ux**2 + uy**2 + C1)(vx + vy + C2)); S[5:-5, 5:-5].mean()
        // per channel with C1 = (0.01 * 255)^2, C2 = (0.03 * 255)^2, then the mean of the three channels
        RgbImage a = pattern(false);
        RgbImage b = pattern(true);
        assertEquals(0.9883125650420994, Ssim.of(a, b), 1e-12);
        assertEquals(26.813928231353383, Psnr.of(a, b), 1e-12);
    }

    @Test
    void constantImagesGiveTheLuminanceTermAlone() {
        // no variance anywhere: SSIM = (2 m1 m2 + C1) / (m1^2 + m2^2 + C1), the contrast-structure term is C2/C2
        double c1 = Math.pow(0.01 * 255, 2);
        double expected = (2.0 * 100 * 140 + c1) / (100.0 * 100 + 140.0 * 140 + c1);
        assertEquals(expected, Ssim.of(constant(12, 11, 100), constant(12, 11, 140)), 1e-12);
    }

    @Test
    void ssimIsSymmetricBoundedAndFallsWithNoise() {
        RgbImage a = pattern(false);
        double previous = 1.0;
        for (double sigma : new double[]{5, 20, 60}) {
            RgbImage b = noisy(a, sigma, 7);
            double ab = Ssim.of(a, b);
            assertEquals(ab, Ssim.of(b, a), 1e-12);
            assertTrue(ab >= -1 && ab <= 1, "SSIM " + ab);
            assertTrue(ab < previous, "sigma " + sigma + ": " + ab + " not below " + previous);
            previous = ab;
        }
        // an inverted image is anti-correlated: negative SSIM
        byte[] inv = a.rgb().clone();
        for (int i = 0; i < inv.length; i++) {
            inv[i] = (byte) (255 - (inv[i] & 0xff));
        }
        double anti = Ssim.of(a, new RgbImage(a.width(), a.height(), inv));
        assertTrue(anti < 0 && anti >= -1, "inverted: " + anti);
    }

    @Test
    void floatAndByteImagesAgree() {
        RgbImage a = pattern(false);
        RgbImage b = pattern(true);
        int n = a.width() * a.height();
        float[] fa = new float[3 * n];
        float[] fb = new float[3 * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                fa[c * n + i] = (a.rgb()[i * 3 + c] & 0xff) / 255f;
                fb[c * n + i] = (b.rgb()[i * 3 + c] & 0xff) / 255f;
            }
        }
        assertEquals(Ssim.of(a, b), Ssim.of(fa, fb, 3, a.height(), a.width(), 1.0), 1e-6);
        assertEquals(Psnr.of(a, b), Psnr.of(fa, fb, 1.0), 1e-4);
    }

    @Test
    void badInputIsRefusedWithTheSizes() {
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> Ssim.of(constant(8, 8, 0), constant(8, 8, 0)));
        assertTrue(small.getMessage().contains("11x11"), small.getMessage());
        IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class,
                () -> Psnr.of(constant(8, 8, 0), constant(8, 9, 0)));
        assertTrue(sizes.getMessage().contains("8x9"), sizes.getMessage());
    }
}
