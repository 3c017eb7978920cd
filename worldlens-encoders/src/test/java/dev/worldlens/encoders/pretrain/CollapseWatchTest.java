package dev.worldlens.encoders.pretrain;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.encoders.family.FeatureSpread;
import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CollapseWatchTest {
    private static FeatureSpread spread(float[] rows, int d) {
        try (NDManager m = Torch.newManager()) {
            return FeatureSpread.of(m.create(rows, new Shape(rows.length / d, d)));
        }
    }

    private static float[] gaussian(int n, int d, double offset, double std, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (offset + std * rng.nextGaussian());
        }
        return x;
    }

    @Test
    void constantFeaturesHaveNoSpread() {
        FeatureSpread constant = spread(repeat(gaussian(1, 16, 0, 1, 3), 64), 16);
        assertEquals(0, constant.spread(), 1e-6);
        assertTrue(constant.scale() > 0.5, "scale " + constant.scale());
        assertEquals(0, constant.relative(), 1e-6);
        FeatureSpread random = spread(gaussian(64, 16, 0, 1, 4), 16);
        assertEquals(1.0, random.relative(), 0.15);
    }

    @Test
    void firesOnAConstantEncoderOnly() {
        FeatureSpread start = spread(gaussian(64, 16, 0, 1, 4), 16);
        FeatureSpread constant = spread(repeat(gaussian(1, 16, 0, 1, 3), 64), 16);
        CollapseWatch.Collapsed e = assertThrows(CollapseWatch.Collapsed.class,
                () -> CollapseWatch.check(start, constant, 300, Path.of("runs/vjepa")));
        assertTrue(e.getMessage().contains("runs/vjepa") && e.getMessage().contains("after 300 steps")
                && e.getMessage().contains("collapsed"), e.getMessage());
        // shrunk by 10x in scale but still varied: not a collapse
        FeatureSpread smaller = spread(gaussian(64, 16, 0, 0.1, 5), 16);
        assertDoesNotThrow(() -> CollapseWatch.check(start, smaller, 300, Path.of("runs/vjepa")));
        // a large common offset with a small variation: the relative spread fell to about 1%
        FeatureSpread offset = spread(gaussian(64, 16, 10, 0.1, 6), 16);
        assertThrows(CollapseWatch.Collapsed.class, () -> CollapseWatch.check(start, offset, 10, Path.of("r")));
    }

    private static float[] repeat(float[] row, int times) {
        float[] out = new float[row.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(row, 0, out, i * row.length, row.length);
        }
        return out;
    }
}
