package dev.worldlens.probe;

import dev.worldlens.nn.Standardizer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PairShiftTest {
    private static final int SIDE = 6;

    /** Frame f's value at (c, y, x) is f * 1000 + c * 100 + y * 10 + x: every source position is readable back. */
    private static float[] frames(int count) {
        float[] z = new float[count * 3 * SIDE * SIDE];
        for (int f = 0; f < count; f++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) {
                        z[((f * 3 + c) * SIDE + y) * SIDE + x] = f * 1000 + c * 100 + y * 10 + x;
                    }
                }
            }
        }
        return z;
    }

    @Test
    void shiftsWithEdgeReplication() {
        float[] in = frames(1);
        float[] out = new float[in.length];
        PairShift.shifted(in, 0, out, 0, 3, SIDE, 2, -1);
        // out(c, y, x) = in(c, clamp(y + 2), clamp(x - 1)): (0, 0, 0) reads (0, 2, 0); (1, 5, 3) reads (1, 5, 2)
        assertEquals(20f, out[0]);
        assertEquals(100 + 52f, out[(SIDE + 5) * SIDE + 3]);
        assertEquals(100 + 50f, out[(SIDE + 5) * SIDE]);
    }

    @Test
    void shiftsBothFramesOfAPairAlikeAndRepeatsForASeed() {
        float[] z = frames(4);
        int[] first = {0, 2, 1};
        int[] second = {1, 3, 2};
        int n = 3 * SIDE * SIDE;
        float[] f = new float[first.length * n];
        float[] g = new float[first.length * n];
        new PairShift(2).apply(z, first, second, 3, SIDE, new SplittableRandom(7), f, g);
        boolean anyShift = false;
        for (int i = 0; i < first.length; i++) {
            for (int j = 0; j < n; j++) {
                // same offset: both frames read the same source position (value modulo the frame's thousands)
                assertEquals(f[i * n + j] - 1000 * first[i], g[i * n + j] - 1000 * second[i], 0f);
            }
            anyShift |= f[i * n] != 1000 * first[i];
        }
        assertFalse(!anyShift, "some pair moved");
        float[] f2 = new float[f.length];
        float[] g2 = new float[g.length];
        new PairShift(2).apply(z, first, second, 3, SIDE, new SplittableRandom(7), f2, g2);
        assertArrayEquals(f, f2, 0f);
        assertArrayEquals(g, g2, 0f);
    }

    @Test
    void reversedPairsNegateTheMotionColumnsAndDropTheOthers() {
        TimeReversal r = new TimeReversal(new int[]{0, 1}, 3);
        Standardizer stats = new Standardizer(new float[]{1, 0, 0}, new float[]{2, 1, 1});
        float[] target = new float[3];
        float[] weight = new float[3];
        r.target(new float[]{3, 4, 5}, true, stats, target, weight, 0);
        assertArrayEquals(new float[]{-2, -4, 5}, target, 0f);
        assertArrayEquals(new float[]{1, 1, 0}, weight, 0f);
        r.target(new float[]{3, 4, 5}, false, stats, target, weight, 0);
        assertArrayEquals(new float[]{1, 4, 5}, target, 0f);
        assertArrayEquals(new float[]{1, 1, 1}, weight, 0f);
    }
}
