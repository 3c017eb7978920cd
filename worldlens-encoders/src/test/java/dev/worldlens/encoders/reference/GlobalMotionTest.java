package dev.worldlens.encoders.reference;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GlobalMotionTest {
    private static final int SIDE = 64;

    @Test
    void recoversKnownShifts() {
        for (double[] t : new double[][]{{2.3, -1.7}, {-4.6, 3.2}, {0.4, 0.25}, {7.5, 0}}) {
            GlobalMotion.Motion m = estimate(t[0], t[1], 0);
            assertEquals(t[0], m.dx(), 0.02, "dx of " + t[0] + ", " + t[1] + ": " + m);
            assertEquals(t[1], m.dy(), 0.02, "dy of " + t[0] + ", " + t[1] + ": " + m);
            assertEquals(0, m.theta(), Math.toRadians(0.05), m.toString());
        }
    }

    @Test
    void recoversKnownRotationsWithShifts() {
        for (double[] r : new double[][]{{5, 0, 0}, {-8, 1.5, -2}, {3, -3, 1}}) {
            GlobalMotion.Motion m = estimate(r[1], r[2], Math.toRadians(r[0]));
            assertEquals(Math.toRadians(r[0]), m.theta(), Math.toRadians(0.05), "theta of " + r[0] + " deg: " + m);
            assertEquals(r[1], m.dx(), 0.02, m.toString());
            assertEquals(r[2], m.dy(), 0.02, m.toString());
        }
    }

    @Test
    void aStillPairHasNoMotionAndAFlatPairGivesNoneEither() {
        GlobalMotion.Motion still = estimate(0, 0, 0);
        assertEquals(0, still.dx(), 1e-6);
        assertEquals(0, still.dy(), 1e-6);
        assertEquals(0, still.theta(), 1e-8);
        float[] flat = new float[SIDE * SIDE];
        GlobalMotion.Motion none = GlobalMotion.defaults().estimate(flat, flat, SIDE, SIDE);
        assertEquals(new GlobalMotion.Motion(0, 0, 0), none);
        assertThrows(IllegalArgumentException.class, () -> GlobalMotion.defaults().estimate(flat, new float[3], SIDE,
                SIDE));
    }

    /** The motion estimated between a smooth random texture and the same texture moved by (dx, dy, theta). */
    private static GlobalMotion.Motion estimate(double dx, double dy, double theta) {
        Texture tex = new Texture(7);
        float[] first = new float[SIDE * SIDE];
        float[] second = new float[SIDE * SIDE];
        double c = (SIDE - 1) / 2.0;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                first[y * SIDE + x] = (float) tex.at(x, y);
                // the content at p in the first frame is at R (p - c) + c + t in the second: invert that here
                double qx = x - c - dx;
                double qy = y - c - dy;
                second[y * SIDE + x] = (float) tex.at(cos * qx + sin * qy + c, -sin * qx + cos * qy + c);
            }
        }
        return GlobalMotion.defaults().estimate(first, second, SIDE, SIDE);
    }

    /** A smooth texture defined everywhere: a sum of random Gaussian blobs, so warps need no resampling. */
    record Texture(double[][] blobs) {
        Texture(long seed) {
            this(make(seed));
        }

        private static double[][] make(long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            double[][] b = new double[60][];
            for (int i = 0; i < b.length; i++) {
                b[i] = new double[]{rng.nextDouble(-16, SIDE + 16), rng.nextDouble(-16, SIDE + 16),
                        rng.nextDouble(3, 8), rng.nextDouble(-1, 1)};
            }
            return b;
        }

        double at(double x, double y) {
            double v = 0;
            for (double[] b : blobs) {
                double d2 = (x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1]);
                v += b[3] * Math.exp(-d2 / (2 * b[2] * b[2]));
            }
            return v;
        }
    }
}
