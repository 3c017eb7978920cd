package dev.worldlens.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tiled X'X and X'Y equal the plain products, for widths below, at and above a tile. */
class GramTest {
    @Test
    void tiledProductsEqualThePlainOnes() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int d : new int[]{7, 256, 300, 777}) {
            try (NDManager m = NDManager.newBaseManager()) {
                int n = 50;
                float[] xv = new float[n * d];
                float[] yv = new float[n * 3];
                for (int i = 0; i < xv.length; i++) {
                    xv[i] = (float) rng.nextGaussian();
                }
                for (int i = 0; i < yv.length; i++) {
                    yv[i] = (float) rng.nextGaussian();
                }
                NDArray x = m.create(xv, new Shape(n, d));
                NDArray y = m.create(yv, new Shape(n, 3));
                NDArray[] gb = Gram.of(x, y);
                float[] g = gb[0].toFloatArray();
                float[] b = gb[1].toFloatArray();
                float[] gRef = x.transpose().matMul(x).toFloatArray();
                float[] bRef = x.transpose().matMul(y).toFloatArray();
                assertEquals(d * d, g.length, "width " + d);
                assertEquals(d * 3, b.length, "width " + d);
                for (int i = 0; i < g.length; i++) {
                    assertEquals(gRef[i], g[i], 1e-3f * (1 + Math.abs(gRef[i])), "X'X width " + d + " at " + i);
                }
                for (int i = 0; i < b.length; i++) {
                    assertEquals(bRef[i], b[i], 1e-3f * (1 + Math.abs(bRef[i])), "X'Y width " + d + " at " + i);
                }
            }
        }
    }
}
