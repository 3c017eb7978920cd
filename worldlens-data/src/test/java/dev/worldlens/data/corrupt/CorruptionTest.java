package dev.worldlens.data.corrupt;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorruptionTest {

    /** Uniform random levels in [lo, hi] per pixel and channel. */
    static RgbImage random(int w, int h, int lo, int hi, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (lo + rng.nextInt(hi - lo + 1));
        }
        return new RgbImage(w, h, rgb);
    }

    static RgbImage constant(int w, int h, int r, int g, int b) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            rgb[i * 3] = (byte) r;
            rgb[i * 3 + 1] = (byte) g;
            rgb[i * 3 + 2] = (byte) b;
        }
        return new RgbImage(w, h, rgb);
    }

    /** A smooth scene with edges: a gradient with a few rectangles, as a rendered frame. */
    static RgbImage scene(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                int r = 60 + 120 * x / w;
                int g = 80 + 100 * y / h;
                int b = 120;
                if (x > w / 4 && x < w / 2 && y > h / 3 && y < 2 * h / 3) {
                    r = 220;
                    g = 40;
                    b = 40;
                }
                if ((x - 3 * w / 4) * (x - 3 * w / 4) + (y - h / 4) * (y - h / 4) < w * w / 64) {
                    r = 30;
                    g = 200;
                    b = 60;
                }
                rgb[i] = (byte) r;
                rgb[i + 1] = (byte) g;
                rgb[i + 2] = (byte) b;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    static double mean(RgbImage im) {
        double s = 0;
        for (byte b : im.rgb()) {
            s += b & 0xff;
        }
        return s / im.rgb().length;
    }

    /** Root mean square difference in grey levels. */
    static double rms(RgbImage a, RgbImage b) {
        double s = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            double d = (a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff);
            s += d * d;
        }
        return Math.sqrt(s / a.rgb().length);
    }

    @Test
    void severityZeroIsTheIdentityForEveryType() {
        RgbImage frame = random(20, 14, 0, 255, 1);
        for (CorruptionType t : CorruptionType.values()) {
            Corruption c = new Corruption(t, 0);
            assertTrue(c.isIdentity());
            assertEquals(frame, c.apply(frame, 7), t.id());
            assertEquals(frame, c.apply(frame, 8), t.id());
        }
    }

    @Test
    void everySeverityOfEveryTypeChangesTheFrameAndKeepsItsSize() {
        RgbImage frame = scene(32, 24);
        for (CorruptionType t : CorruptionType.values()) {
            for (int s = 1; s <= 5; s++) {
                RgbImage out = new Corruption(t, s).apply(frame, 3);
                assertEquals(32, out.width());
                assertEquals(24, out.height());
                assertNotEquals(frame, out, t.id() + ":" + s);
            }
        }
    }

    @Test
    void everyTypeIsDeterministicForASeedAndRandomTypesDifferForAnother() {
        RgbImage frame = scene(32, 32);
        for (CorruptionType t : CorruptionType.values()) {
            Corruption c = new Corruption(t, 3);
            RgbImage a = c.apply(frame, 11);
            assertEquals(a, c.apply(frame, 11), t.id() + " with the same seed");
            RgbImage b = c.apply(frame, 12);
            if (t.isRandom()) {
                assertNotEquals(a, b, t.id() + " with another seed");
            } else {
                assertEquals(a, b, t.id() + " does not depend on the seed");
            }
        }
    }

    @Test
    void gaussianBlurKeepsTheMean() {
        RgbImage frame = random(64, 64, 40, 215, 5);
        for (int s = 1; s <= 5; s++) {
            RgbImage out = new Corruption(CorruptionType.GAUSSIAN_BLUR, s).apply(frame, 0);
            assertEquals(mean(frame), mean(out), 0.5, "severity " + s);
            // and smooths: less spread than the input
            assertTrue(rms(out, constant(64, 64, 128, 128, 128)) < rms(frame, constant(64, 64, 128, 128, 128)));
        }
    }

    @Test
    void gaussianBlurKernelsAreOpenCvsAndTheBlurIsSeparable() {
        assertEquals(2.0, Blur.defaultSigma(11), 1e-12);
        assertEquals(0.8, Blur.defaultSigma(3), 1e-12);
        double[] k = Blur.gaussianKernel(11);
        double sum = 0;
        for (double v : k) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
        assertEquals(k[0], k[10], 1e-15);
        // a single bright pixel in the middle spreads as the outer product of the kernel
        byte[] rgb = new byte[21 * 21 * 3];
        int centre = (10 * 21 + 10) * 3;
        rgb[centre] = (byte) 255;
        RgbImage out = Blur.gaussian(new RgbImage(21, 21, rgb), 11);
        for (int dy = -5; dy <= 5; dy++) {
            for (int dx = -5; dx <= 5; dx++) {
                double want = 255 * k[dy + 5] * k[dx + 5];
                assertEquals(Math.round(want), out.red(10 + dx, 10 + dy), 0.0, "(" + dx + ", " + dy + ")");
            }
        }
        assertEquals(0, out.green(10, 10));
        // a constant image stays constant, borders included (reflection keeps the weights' sum)
        RgbImage flat = constant(9, 7, 10, 100, 250);
        assertEquals(flat, Blur.gaussian(flat, 11));
    }

    @Test
    void gaussianNoiseHasTheRequestedSigma() {
        RgbImage grey = constant(128, 128, 128, 128, 128);
        for (int s = 1; s <= 5; s++) {
            RgbImage out = new Corruption(CorruptionType.GAUSSIAN_NOISE, s).apply(grey, 42);
            double mean = 0;
            double ss = 0;
            int n = out.rgb().length;
            for (byte b : out.rgb()) {
                double d = ((b & 0xff) - 128) / 255.0;
                mean += d;
                ss += d * d;
            }
            mean /= n;
            double std = Math.sqrt(ss / n - mean * mean);
            double sigma = Noise.GAUSSIAN_SIGMA[s];
            // rounding to whole grey levels adds 1/12 level^2 of variance; clipping is 3.3 sigma away at most
            double expected = Math.sqrt(sigma * sigma + 1.0 / 12 / (255.0 * 255.0));
            assertEquals(expected, std, 0.03 * expected, "severity " + s);
            assertEquals(0, mean, 0.005, "severity " + s);
        }
        assertEquals(0.15, Noise.GAUSSIAN_SIGMA[5]);
    }

    @Test
    void shotNoiseVarianceGrowsWithIntensity() {
        int[] levels = {25, 64, 128, 230};
        for (int s = 1; s <= 5; s++) {
            double previous = -1;
            for (int level : levels) {
                RgbImage out = new Corruption(CorruptionType.SHOT_NOISE, s).apply(constant(96, 96, level, level,
                        level), 9);
                double mean = 0;
                double ss = 0;
                int n = out.rgb().length;
                for (byte b : out.rgb()) {
                    double v = (b & 0xff) / 255.0;
                    mean += v;
                    ss += v * v;
                }
                mean /= n;
                double var = ss / n - mean * mean;
                double x = level / 255.0;
                double c = Noise.SHOT_PHOTONS[s];
                // Poisson(x c) / c has mean x and variance x / c (up to clipping at 1 and rounding)
                if (x + 4 * Math.sqrt(x / c) <= 1) {
                    // clipping at 1 is negligible
                    assertEquals(x, mean, 0.02, "severity " + s + " level " + level);
                    assertEquals(x / c, var, 0.1 * x / c, "severity " + s + " level " + level);
                }
                if (level < 200) {
                    assertTrue(var > 1.5 * previous, "variance should grow with intensity at severity " + s);
                }
                previous = var;
            }
        }
    }

    @Test
    void poissonDrawsHaveTheirMeanAndVarianceOnBothSidesOfTheAlgorithmSwitch() {
        SplittableRandom rng = new SplittableRandom(3);
        for (double lambda : new double[]{0.5, 3, 9.5, 10, 25, 60}) {
            int n = 200_000;
            double s = 0;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                long k = Noise.poisson(lambda, rng);
                s += k;
                ss += (double) k * k;
            }
            double mean = s / n;
            double var = ss / n - mean * mean;
            assertEquals(lambda, mean, 0.02 * lambda + 0.01, "mean at lambda " + lambda);
            assertEquals(lambda, var, 0.03 * lambda + 0.01, "variance at lambda " + lambda);
        }
        assertEquals(0, Noise.poisson(0, rng));
        assertEquals(Math.log(120), Noise.logGamma(6), 1e-10);
        assertEquals(Math.log(3628800), Noise.logGamma(11), 1e-10);
    }

    @Test
    void jpegGoesThroughTheRealCodec() throws Exception {
        RgbImage frame = scene(48, 40);
        double previous = 0;
        for (int s = 1; s <= 5; s++) {
            Corruption c = new Corruption(CorruptionType.JPEG_COMPRESSION, s);
            RgbImage out = c.apply(frame, 0);
            // the same bytes decoded by ImageIO itself give the same frame
            byte[] bytes = Jpeg.encode(frame, Jpeg.QUALITY[s]);
            assertEquals(0xFF, bytes[0] & 0xff);
            assertEquals(0xD8, bytes[1] & 0xff);
            assertEquals(RgbImage.of(ImageIO.read(new ByteArrayInputStream(bytes))), out);
            double err = rms(frame, out);
            assertTrue(err > 0, "severity " + s);
            assertTrue(err >= previous, "error at severity " + s + " (" + err + ") below the last (" + previous + ")");
            previous = err;
        }
        // lower quality means fewer bytes
        assertTrue(Jpeg.encode(frame, 7).length < Jpeg.encode(frame, 25).length);
    }

    @Test
    void jpegWorksOnBlocksOfEightPixels() {
        // on a smooth frame, coarse quantisation of each 8x8 block's coefficients leaves steps at block edges: the
        // error changes more from one pixel to the next across an edge than inside a block
        byte[] rgb = new byte[64 * 64 * 3];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int i = (y * 64 + x) * 3;
                rgb[i] = (byte) (128 + 70 * Math.sin(x / 9.0 + y / 13.0));
                rgb[i + 1] = (byte) (120 + 60 * Math.cos(x / 11.0 - y / 7.0));
                rgb[i + 2] = (byte) (100 + 2 * x);
            }
        }
        RgbImage frame = new RgbImage(64, 64, rgb);
        RgbImage out = Jpeg.compress(frame, Jpeg.QUALITY[5]);
        double inside = 0;
        double across = 0;
        int nInside = 0;
        int nAcross = 0;
        for (int y = 0; y < 63; y++) {
            for (int x = 0; x < 63; x++) {
                double dx = Math.abs(error(frame, out, x + 1, y) - error(frame, out, x, y));
                double dy = Math.abs(error(frame, out, y, x + 1) - error(frame, out, y, x));
                if ((x + 1) % 8 == 0) {
                    across += dx + dy;
                    nAcross += 2;
                } else {
                    inside += dx + dy;
                    nInside += 2;
                }
            }
        }
        System.out.printf("JPEG quality 7: error step %.2f across 8x8 block edges, %.2f inside%n", across / nAcross,
                inside / nInside);
        assertTrue(across / nAcross > 1.5 * inside / nInside, "the error jumps at 8-pixel block edges: across "
                + across / nAcross + " inside " + inside / nInside);
    }

    private static double error(RgbImage a, RgbImage b, int x, int y) {
        return (b.red(x, y) + b.green(x, y) + b.blue(x, y)) - (a.red(x, y) + a.green(x, y) + a.blue(x, y));
    }

    @Test
    void pixelationMakesConstantBlocksOfTheBlockMean() {
        RgbImage frame = random(30, 22, 0, 255, 6);
        for (int s = 1; s <= 5; s++) {
            int block = Pixelate.BLOCK[s];
            RgbImage out = new Corruption(CorruptionType.PIXELATE, s).apply(frame, 0);
            for (int by = 0; by < 22; by += block) {
                for (int bx = 0; bx < 30; bx += block) {
                    double sum = 0;
                    int n = 0;
                    for (int y = by; y < Math.min(22, by + block); y++) {
                        for (int x = bx; x < Math.min(30, bx + block); x++) {
                            assertEquals(out.red(bx, by), out.red(x, y));
                            assertEquals(out.green(bx, by), out.green(x, y));
                            assertEquals(out.blue(bx, by), out.blue(x, y));
                            sum += frame.red(x, y);
                            n++;
                        }
                    }
                    assertEquals(Math.round(sum / n), out.red(bx, by), 0.0);
                }
            }
        }
    }

    @Test
    void occlusionChangesOnlyPatchPixels() {
        RgbImage frame = random(40, 32, 0, 255, 7);
        for (int s = 1; s <= 5; s++) {
            long seed = Corruption.frameSeed(5, 2, "top", s);
            RgbImage out = new Corruption(CorruptionType.OCCLUSION, s).apply(frame, seed);
            List<Occlusion.Patch> patches = Occlusion.patches(40, 32, Occlusion.PATCHES[s], seed);
            assertEquals(s, patches.size());
            int side = (int) Math.round(0.25 * 32);
            int changed = 0;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 40; x++) {
                    boolean inPatch = false;
                    Occlusion.Patch last = null;
                    for (Occlusion.Patch p : patches) {
                        assertEquals(side, p.side());
                        if (p.contains(x, y)) {
                            inPatch = true;
                            last = p;
                        }
                    }
                    boolean same = frame.red(x, y) == out.red(x, y) && frame.green(x, y) == out.green(x, y)
                            && frame.blue(x, y) == out.blue(x, y);
                    if (!inPatch) {
                        assertTrue(same, "pixel (" + x + ", " + y + ") outside every patch changed");
                    } else {
                        // the last patch painted over the pixel gives its colour
                        assertEquals((last.rgb() >> 16) & 0xff, out.red(x, y));
                        assertEquals((last.rgb() >> 8) & 0xff, out.green(x, y));
                        assertEquals(last.rgb() & 0xff, out.blue(x, y));
                        changed += same ? 0 : 1;
                    }
                }
            }
            assertTrue(changed > 0);
        }
        // higher severities keep the patches of lower ones
        assertEquals(Occlusion.patches(40, 32, 2, 9), Occlusion.patches(40, 32, 5, 9).subList(0, 2));
    }

    @Test
    void brightnessAndContrastFollowImageNetC() {
        RgbImage frame = scene(16, 16);
        RgbImage bright = new Corruption(CorruptionType.BRIGHTNESS, 1).apply(frame, 0);
        // HSV value + 0.1 keeps hue and saturation: every channel of a pixel scales by the same factor
        int r = frame.red(0, 0);
        int g = frame.green(0, 0);
        int b = frame.blue(0, 0);
        double v = Math.max(r, Math.max(g, b)) / 255.0;
        double scale = Math.min(1, v + 0.1) / v;
        assertEquals(Math.round(r * scale), bright.red(0, 0), 0.0);
        assertEquals(Math.round(g * scale), bright.green(0, 0), 0.0);
        assertEquals(Math.round(b * scale), bright.blue(0, 0), 0.0);
        assertTrue(mean(bright) > mean(frame));
        // black becomes the grey of the shift
        assertEquals(constant(2, 2, 128, 128, 128),
                new Corruption(CorruptionType.BRIGHTNESS, 5).apply(constant(2, 2, 0, 0, 0), 0));
        double previous = Double.MAX_VALUE;
        for (int s = 1; s <= 5; s++) {
            RgbImage out = new Corruption(CorruptionType.CONTRAST, s).apply(frame, 0);
            assertEquals(mean(frame), mean(out), 0.5, "contrast keeps the mean");
            double spread = rms(out, constant(16, 16, (int) Math.round(mean(out)), (int) Math.round(mean(out)),
                    (int) Math.round(mean(out))));
            assertTrue(spread < previous);
            previous = spread;
        }
    }

    @Test
    void colourJitterDrawsWithinItsStrengthAndHueTurnsPreserveGrey() {
        for (long seed = 0; seed < 50; seed++) {
            Photometric.Jitter j = Photometric.drawJitter(0.3, 0.06, seed);
            assertTrue(j.brightness() >= 0.7 && j.brightness() <= 1.3);
            assertTrue(j.contrast() >= 0.7 && j.contrast() <= 1.3);
            assertTrue(j.saturation() >= 0.7 && j.saturation() <= 1.3);
            assertTrue(Math.abs(j.hue()) <= 0.06);
            int[] order = j.order().clone();
            java.util.Arrays.sort(order);
            assertArrayEquals(new int[]{0, 1, 2, 3}, order);
        }
        // a neutral jitter is the identity; a full turn of the hue too
        RgbImage frame = scene(16, 16);
        assertEquals(frame, Photometric.colourJitter(frame, new Photometric.Jitter(1, 1, 1, 0, new int[]{3, 2, 1, 0})));
        double[] px = {0.8, 0.3, 0.1};
        Photometric.turnHue(px, 0, 1.0);
        assertArrayEquals(new double[]{0.8, 0.3, 0.1}, px, 1e-12);
        // a third of a turn maps red to green
        double[] red = {0.9, 0.1, 0.1};
        Photometric.turnHue(red, 0, 1.0 / 3);
        assertArrayEquals(new double[]{0.1, 0.9, 0.1}, red, 1e-12);
    }

    @Test
    void motionBlurAveragesAlongALine() {
        // a vertical line blurred horizontally (angle 0) spreads over `length` columns with equal weight
        byte[] rgb = new byte[21 * 5 * 3];
        for (int y = 0; y < 5; y++) {
            rgb[(y * 21 + 10) * 3] = (byte) 250;
        }
        RgbImage out = Blur.motion(new RgbImage(21, 5, rgb), 5, 0);
        for (int x = 0; x < 21; x++) {
            assertEquals(Math.abs(x - 10) <= 2 ? 50 : 0, out.red(x, 2), "column " + x);
        }
        for (long seed = 0; seed < 100; seed++) {
            assertTrue(Math.abs(Blur.motionAngle(seed)) <= 45);
        }
        RgbImage frame = random(48, 48, 40, 215, 8);
        assertEquals(mean(frame), mean(new Corruption(CorruptionType.MOTION_BLUR, 5).apply(frame, 3)), 1.0);
    }

    @Test
    void severityBoundsAndUnknownNamesAreRefusedClearly() {
        InvalidInputException high = assertThrows(InvalidInputException.class,
                () -> new Corruption(CorruptionType.GAUSSIAN_BLUR, 6));
        assertTrue(high.getMessage().contains("gaussian_blur") && high.getMessage().contains("0..5")
                && high.getMessage().contains("6"), high.getMessage());
        assertThrows(InvalidInputException.class, () -> new Corruption(CorruptionType.GAUSSIAN_NOISE, -1));
        assertThrows(InvalidInputException.class, () -> Corruption.parse("gaussian_noise:9"));
        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> Corruption.parse("fog:2"));
        assertTrue(unknown.getMessage().contains("fog") && unknown.getMessage().contains("gaussian_noise"),
                unknown.getMessage());
        InvalidInputException none = assertThrows(InvalidInputException.class,
                () -> Corruption.parse("gaussian_noise"));
        assertTrue(none.getMessage().contains("TYPE:SEVERITY"), none.getMessage());
        InvalidInputException word = assertThrows(InvalidInputException.class, () -> Corruption.parse("contrast:x"));
        assertTrue(word.getMessage().contains("'x'"), word.getMessage());
        assertThrows(InvalidInputException.class, () -> CorruptionType.GAUSSIAN_NOISE.parameter(7));
    }

    @Test
    void specsRoundTrip() {
        for (CorruptionType t : CorruptionType.values()) {
            assertSame(t, CorruptionType.parse(t.id()));
            assertSame(t, CorruptionType.parse(t.id().toUpperCase().replace('_', '-')));
            for (int s = 0; s <= 5; s++) {
                Corruption c = new Corruption(t, s);
                assertEquals(c, Corruption.parse(c.id()));
                assertEquals(c, Corruption.parse(c.toString()));
                assertTrue(!c.parameter().isEmpty());
            }
        }
        assertEquals(new Corruption(CorruptionType.JPEG_COMPRESSION, 2), Corruption.parse("jpeg:2"));
        assertEquals(new Corruption(CorruptionType.COLOUR_JITTER, 4), Corruption.parse("color_jitter:4"));
        assertEquals("sigma 0.15", CorruptionType.GAUSSIAN_NOISE.parameter(5));
        assertEquals("kernel 11, sigma 2.0", CorruptionType.GAUSSIAN_BLUR.parameter(5));
        List<Corruption> list = Corruption.parseList("gaussian_noise, gaussian_blur:2-3,jpeg:5");
        assertEquals(5 + 2 + 1, list.size());
        assertEquals(Corruption.sweep(CorruptionType.GAUSSIAN_NOISE), list.subList(0, 5));
        assertEquals(List.of(Corruption.parse("gaussian_blur:2"), Corruption.parse("gaussian_blur:3"),
                Corruption.parse("jpeg_compression:5")), list.subList(5, 8));
    }

    @Test
    void frameSeedsDifferByEpisodeCameraAndTimeAndNotBySeverity() {
        long a = Corruption.frameSeed(0, 1, "top", 2);
        assertEquals(a, Corruption.frameSeed(0, 1, "top", 2));
        assertNotEquals(a, Corruption.frameSeed(1, 1, "top", 2));
        assertNotEquals(a, Corruption.frameSeed(0, 2, "top", 2));
        assertNotEquals(a, Corruption.frameSeed(0, 1, "gripper", 2));
        assertNotEquals(a, Corruption.frameSeed(0, 1, "top", 3));
        assertNotEquals(Corruption.frameSeed(0, 1, "top", 2), Corruption.frameSeed(0, 2, "top", 1));
    }
}
