package dev.worldlens.nn.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Conv2dLayerTest {
    private static final float[] NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void matchesHandComputedValuesWithoutPadding() {
        try (NDManager m = Torch.newManager()) {
            Conv2dLayer conv = new Conv2dLayer(m.create(new float[]{1, 2, 3, 4}, new Shape(1, 1, 2, 2)),
                    m.create(new float[]{0.5f}), 1, 0, 1);
            NDArray y = conv.forward(m.create(NINE, new Shape(1, 1, 3, 3)));
            assertEquals(new Shape(1, 1, 2, 2), y.getShape());
            // top-left: 1*1 + 2*2 + 3*4 + 4*5 = 37, then + 0.5; the others slide by one
            assertArrayEquals(new float[]{37.5f, 47.5f, 67.5f, 77.5f}, y.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void matchesHandComputedValuesWithStrideAndPadding() {
        try (NDManager m = Torch.newManager()) {
            Conv2dLayer conv = new Conv2dLayer(m.create(new float[]{1, 2, 3, 4}, new Shape(1, 1, 2, 2)),
                    m.create(new float[]{0f}), 2, 1, 1);
            NDArray y = conv.forward(m.create(NINE, new Shape(1, 1, 3, 3)));
            assertEquals(2, conv.outputSize(3));
            // padded 5x5 input, windows at rows/cols {0,2}: 4*1; 3*2 + 4*3; 2*4 + 4*7; 1*5 + 2*6 + 3*8 + 4*9
            assertArrayEquals(new float[]{4, 18, 36, 77}, y.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void groupsConvolveTheirOwnChannelsOnly() {
        try (NDManager m = Torch.newManager()) {
            // two groups, 1x1 kernels: out0 = 2 * in0 + 1, out1 = -3 * in1
            Conv2dLayer conv = new Conv2dLayer(m.create(new float[]{2, -3}, new Shape(2, 1, 1, 1)),
                    m.create(new float[]{1, 0}), 1, 0, 2);
            NDArray x = m.create(new float[]{1, 2, 3, 4, 10, 20, 30, 40}, new Shape(1, 2, 2, 2));
            assertEquals(2, conv.inChannels());
            assertArrayEquals(new float[]{3, 5, 7, 9, -30, -60, -90, -120}, conv.forward(x).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void initialisesLikePyTorchFromTheSeed() {
        try (NDManager m = Torch.newManager(); Parameters a = new Parameters(m); Parameters b = new Parameters(m)) {
            Conv2dLayer c = Conv2dLayer.create(a, "c", 8, 16, 3, 2, 1, 2, new SplittableRandom(4));
            Conv2dLayer d = Conv2dLayer.create(b, "c", 8, 16, 3, 2, 1, 2, new SplittableRandom(4));
            assertEquals(new Shape(16, 4, 3, 3), c.weight().getShape());
            assertArrayEquals(c.weight().toFloatArray(), d.weight().toFloatArray(), 0f);
            double bound = 1 / Math.sqrt(4 * 9);
            float max = 0;
            for (float v : c.weight().toFloatArray()) {
                max = Math.max(max, Math.abs(v));
            }
            assertTrue(max <= bound && max > 0.8 * bound, "max |w| " + max + ", bound " + bound);
            assertEquals(16 * 4 * 9 + 16, a.count());
            assertEquals(2.0 * 3 * 8 * 8 * 16 * 4 * 9, c.flops(3, 16, 16));
        }
    }

    @Test
    void rejectsChannelsThatGroupsDoNotDivideAndWrongInputs() {
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            assertThrows(IllegalArgumentException.class,
                    () -> Conv2dLayer.create(p, "bad", 6, 8, 3, 1, 1, 4, new SplittableRandom(1)));
            Conv2dLayer conv = Conv2dLayer.same(p, "ok", 3, 4, 3, new SplittableRandom(1));
            assertThrows(IllegalArgumentException.class, () -> conv.forward(m.zeros(new Shape(1, 2, 4, 4))));
        }
    }
}
