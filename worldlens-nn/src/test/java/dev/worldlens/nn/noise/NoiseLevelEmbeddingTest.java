package dev.worldlens.nn.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NoiseLevelEmbeddingTest {

    @Test
    void sinusoidFeaturesAndShapes() {
        float[] f = NoiseLevelEmbedding.sinusoid(new float[]{0f, 0.5f}, 8);
        for (int i = 0; i < 4; i++) {
            assertEquals(1f, f[i], 0f); // cos(0)
            assertEquals(0f, f[4 + i], 0f); // sin(0)
        }
        assertEquals(Math.cos(0.5), f[8], 1e-6); // lowest frequency is 1
        assertEquals(Math.sin(0.5 * Math.pow(10000, -0.25)), f[8 + 4 + 1], 1e-6);
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            NoiseLevelEmbedding e = NoiseLevelEmbedding.create(p, "noise.", 8, new SplittableRandom(1));
            assertEquals(2 * (64 + 8), p.count());
            assertEquals(p.count(), e.parameterCount());
            try (NDManager scope = m.newSubManager()) {
                NDArray out = e.forward(scope, new float[]{-0.3f, 0.2f, 0.2f});
                assertEquals(new Shape(3, 8), out.getShape());
                float[] v = out.toFloatArray();
                assertFalse(v[0] == v[8], "different levels embed differently");
                assertEquals(v[8], v[16], 0f);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> {
            try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
                NoiseLevelEmbedding.create(p, "n.", 7, new SplittableRandom(1));
            }
        });
    }
}
