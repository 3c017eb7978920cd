package dev.worldlens.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Adam against torch.optim.Adam's formula, minibatch epochs, row gathers, standardisation. */
class TrainingHelpersTest {

    @Test
    void adamFollowsPyTorchsUpdateAndDoesNotAccumulateGradients() {
        for (double decay : new double[]{0, 0.1}) {
            try (NDManager base = Torch.newManager(); Parameters p = new Parameters(base)) {
                NDArray w = p.constant("w", 1f, 3);
                Adam adam = new Adam(p, 0.1, 0.9, 0.999, 1e-3, decay);
                double[] expected = {1, 1, 1};
                double[] m = new double[3];
                double[] v = new double[3];
                double[] c = {1, -2, 0.5};
                for (int t = 1; t <= 5; t++) {
                    try (GradientCollector gc = Torch.newGradientCollector(); NDManager step = base.newSubManager()) {
                        gc.backward(w.mul(step.create(new float[]{1, -2, 0.5f})).sum()); // gradient c every step
                    }
                    adam.step();
                    for (int i = 0; i < 3; i++) {
                        expected[i] *= 1 - 0.1 * decay;
                        m[i] = 0.9 * m[i] + 0.1 * c[i];
                        v[i] = 0.999 * v[i] + 0.001 * c[i] * c[i];
                        expected[i] -= 0.1 / (1 - Math.pow(0.9, t)) * m[i]
                                / (Math.sqrt(v[i] / (1 - Math.pow(0.999, t))) + 1e-3);
                    }
                }
                float[] got = w.toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertEquals(expected[i], got[i], 2e-5, "decay " + decay + ", element " + i);
                }
            }
        }
    }

    @Test
    void minibatchesVisitEveryRowOncePerEpochAndRepeatForASeed() {
        long[] a = Minibatches.schedule(10, 4, 5, new SplittableRandom(3));
        long[] b = Minibatches.schedule(10, 4, 5, new SplittableRandom(3));
        assertArrayEquals(a, b);
        long[] firstEpoch = Arrays.copyOf(a, 10);
        long[] secondEpoch = Arrays.copyOfRange(a, 10, 20);
        Arrays.sort(firstEpoch);
        Arrays.sort(secondEpoch);
        long[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertArrayEquals(all, firstEpoch);
        assertArrayEquals(all, secondEpoch);
        assertTrue(!Arrays.equals(a, Minibatches.schedule(10, 4, 5, new SplittableRandom(4))));
    }

    @Test
    void rowsGathersRowsOfMatricesTensorsAndVectors() {
        try (NDManager m = Torch.newManager()) {
            NDArray idx = m.create(new long[]{2, 0, 2});
            NDArray table = m.arange(0f, 12f).reshape(4, 3);
            assertArrayEquals(new float[]{6, 7, 8, 0, 1, 2, 6, 7, 8}, Rows.gather(table, idx).toFloatArray());
            NDArray cube = m.arange(0f, 16f).reshape(4, 2, 2);
            NDArray g = Rows.gather(cube, idx);
            assertEquals(new Shape(3, 2, 2), g.getShape());
            assertArrayEquals(new float[]{8, 9, 10, 11}, g.get(0).toFloatArray());
            NDArray vec = m.create(new long[]{5, 6, 7, 8});
            assertArrayEquals(new long[]{7, 5, 7}, Rows.gather(vec, idx).toLongArray());
        }
    }

    @Test
    void standardiserUsesPopulationStdAndCentresConstantColumns() {
        Standardizer s = Standardizer.fit(new float[][]{{1, 5}, {3, 5}}, 1e-6);
        assertArrayEquals(new float[]{2, 5}, s.mean());
        assertArrayEquals(new float[]{1, 1}, s.std()); // below the floor: std 1
        float[] z = s.applyFlat(new float[][]{{3, 5}});
        assertArrayEquals(new float[]{1, 0}, z);
        assertArrayEquals(new float[]{3, 5}, s.invertFlat(z)[0]);
    }
}
