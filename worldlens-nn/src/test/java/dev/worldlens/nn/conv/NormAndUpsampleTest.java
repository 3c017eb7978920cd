package dev.worldlens.nn.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormAndUpsampleTest {

    @Test
    void groupNormMatchesADirectComputation() {
        int b = 2;
        int c = 6;
        int g = 3;
        int hw = 4;
        SplittableRandom r = new SplittableRandom(2);
        float[] x = new float[b * c * hw];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 3 + 1);
        }
        float[] gamma = {1, 2, 3, -1, 0.5f, 1};
        float[] beta = {0, 1, -1, 0, 2, 0};
        float[] expected = new float[x.length];
        int per = c / g * hw;
        for (int s = 0; s < b; s++) {
            for (int grp = 0; grp < g; grp++) {
                int from = (s * c + grp * c / g) * hw;
                double mean = 0;
                for (int i = 0; i < per; i++) {
                    mean += x[from + i];
                }
                mean /= per;
                double var = 0;
                for (int i = 0; i < per; i++) {
                    var += (x[from + i] - mean) * (x[from + i] - mean);
                }
                var /= per;
                for (int i = 0; i < per; i++) {
                    int ch = (from + i) / hw % c;
                    expected[from + i] = (float) ((x[from + i] - mean) / Math.sqrt(var + 1e-6) * gamma[ch]
                            + beta[ch]);
                }
            }
        }
        try (NDManager m = Torch.newManager()) {
            GroupNorm norm = new GroupNorm(m.create(gamma), m.create(beta), g, 1e-6f);
            assertArrayEquals(expected, norm.forward(m.create(x, new Shape(b, c, 2, 2))).toFloatArray(), 1e-4f);
        }
    }

    @Test
    void nearestUpsamplingCopiesEachPixelIntoABlock() {
        try (NDManager m = Torch.newManager()) {
            NDArray x = m.create(new float[]{1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            NDArray y = NearestUpsample.apply(x, 2);
            assertEquals(new Shape(1, 1, 4, 4), y.getShape());
            assertArrayEquals(new float[]{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, y.toFloatArray(), 0f);
        }
    }

    @Test
    void siluIsXTimesSigmoid() {
        try (NDManager m = Torch.newManager()) {
            float[] y = Silu.apply(m.create(new float[]{-2, 0, 1.5f})).toFloatArray();
            assertArrayEquals(new float[]{(float) (-2 / (1 + Math.exp(2))), 0f, (float) (1.5 / (1 + Math.exp(-1.5)))},
                    y, 1e-6f);
        }
    }

    @Test
    void resnetBlockChangesChannelsAndEveryWeightGetsAGradient() {
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            ResnetBlock same = ResnetBlock.create(p, "a", 8, 8, 4, new SplittableRandom(1));
            ResnetBlock wider = ResnetBlock.create(p, "b", 8, 16, 4, new SplittableRandom(2));
            assertNull(same.shortcut());
            assertEquals(16, wider.outChannels());
            SplittableRandom r = new SplittableRandom(3);
            float[] v = new float[2 * 8 * 6 * 6];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            try (NDManager scope = m.newSubManager()) {
                NDArray x = scope.create(v, new Shape(2, 8, 6, 6));
                try (GradientCollector gc = Torch.newGradientCollector()) {
                    NDArray y = wider.forward(same.forward(x));
                    assertEquals(new Shape(2, 16, 6, 6), y.getShape());
                    gc.backward(y.square().mean());
                }
                for (Map.Entry<String, NDArray> e : p.all().entrySet()) {
                    NDArray grad = e.getValue().getGradient();
                    grad.attach(scope);
                    assertTrue(grad.abs().sum().getFloat() > 0, e.getKey() + " has no gradient");
                }
                NDArray shift = scope.ones(new Shape(2, 16));
                assertNotEquals(wider.forward(x).sum().getFloat(), wider.forward(x, shift).sum().getFloat());
            }
        }
    }
}
