package dev.worldlens.nn.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The optional attention bias of {@link VisionTransformer#forwardTokens(NDArray, int, NDArray)}. */
class AttentionBiasTest {

    @Test
    void aBlockCausalBiasHidesLaterTokensAndAZeroBiasChangesNothing() {
        VitConfig cfg = VitConfig.builder().setImageSize(8).setPatchSize(4).setWidth(16).setDepth(2).setHeads(2)
                .build();
        int l = 6;
        float[] causal = new float[l * l];
        for (int q = 0; q < l; q++) {
            for (int k = 0; k < l; k++) {
                causal[q * l + k] = (k / 3) <= (q / 3) ? 0f : -1e9f; // two blocks of three tokens
            }
        }
        SplittableRandom r = new SplittableRandom(2);
        float[] a = new float[l * 16];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        float[] b = a.clone();
        for (int i = 3 * 16; i < b.length; i++) {
            b[i] += (float) r.nextGaussian(); // change only the second block (not by a constant: LayerNorm drops it)
        }
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            VisionTransformer vit = VisionTransformer.create(cfg, p, 1);
            NDArray bias = m.create(causal, new Shape(l, l));
            NDArray zero = m.zeros(new Shape(l, l));
            NDArray xa = m.create(a, new Shape(1, l, 16));
            NDArray xb = m.create(b, new Shape(1, l, 16));
            float[] firstA = vit.forwardTokens(xa, 2, bias).get(2).get(":, 0:3, :").toFloatArray();
            float[] firstB = vit.forwardTokens(xb, 2, bias).get(2).get(":, 0:3, :").toFloatArray();
            assertArrayEquals(firstA, firstB, 0f, "the first block does not see the second");
            float[] openA = vit.forwardTokens(xa, 2).get(2).get(":, 0:3, :").toFloatArray();
            float[] openB = vit.forwardTokens(xb, 2).get(2).get(":, 0:3, :").toFloatArray();
            assertFalse(java.util.Arrays.equals(openA, openB), "without the bias it does");
            assertArrayEquals(vit.forwardTokens(xa, 2).get(2).toFloatArray(),
                    vit.forwardTokens(xa, 2, zero).get(2).toFloatArray(), 1e-6f);
        }
    }
}
