package dev.worldlens.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Rows;
import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MinibatchFitTest {
    private static final int N = 64;

    /** y = 2 x0 - x1 + 0.5 on N rows of x in [-1, 1]^2. */
    private static float[][] data() {
        SplittableRandom rng = new SplittableRandom(1);
        float[] x = new float[2 * N];
        float[] y = new float[N];
        for (int i = 0; i < N; i++) {
            x[2 * i] = (float) rng.nextDouble(-1, 1);
            x[2 * i + 1] = (float) rng.nextDouble(-1, 1);
            y[i] = 2 * x[2 * i] - x[2 * i + 1] + 0.5f;
        }
        return new float[][]{x, y};
    }

    private static MinibatchFit.Result fitLine(long seed) {
        float[][] xy = data();
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom init = root.split();
        return new MinibatchFit(400, 16, 0.05).fit(N, root.split(), (base, params) -> {
            Linear line = Linear.create(params, "line", 2, 1, init);
            NDArray x = base.create(xy[0], new Shape(N, 2));
            NDArray y = base.create(xy[1], new Shape(N, 1));
            return rows -> line.forward(Rows.gather(x, rows)).sub(Rows.gather(y, rows)).square().mean();
        });
    }

    private static float[] weights(MinibatchFit.Result result) {
        try (NDManager base = Torch.newManager(); Parameters params = new Parameters(base)) {
            Linear line = Linear.create(params, "line", 2, 1, new SplittableRandom(0));
            result.loadInto(params, "test fit");
            float[] w = line.weight().toFloatArray();
            return new float[]{w[0], w[1], line.bias().toFloatArray()[0]};
        }
    }

    @Test
    void fitsALineAndTheSameSeedGivesTheSameWeights() {
        MinibatchFit.Result a = fitLine(3);
        assertTrue(a.finalLoss() < 1e-4, "final loss " + a.finalLoss());
        assertTrue(a.seconds() > 0);
        float[] w = weights(a);
        assertEquals(2, w[0], 1e-2);
        assertEquals(-1, w[1], 1e-2);
        assertEquals(0.5, w[2], 1e-2);
        assertArrayEquals(w, weights(fitLine(3)), 0f);
    }
    /**
     * A validation loss that falls until step 150 and rises after: the fit keeps the weights of step 150 (the
     * evaluation there), stops once the patience has passed without a better one, and those weights load back.
     */
    @Test
    void earlyStoppingKeepsTheBestEvaluatedWeightsAndStops() {
        float[][] xy = data();
        SplittableRandom root = new SplittableRandom(3);
        SplittableRandom init = root.split();
        int[] evaluations = {0};
        MinibatchFit.Result r = new MinibatchFit(400, 16, 0.05).withWeightDecay(1e-2).fit(N, root.split(),
                (base, params) -> {
                    Linear line = Linear.create(params, "line", 2, 1, init);
                    NDArray x = base.create(xy[0], new Shape(N, 2));
                    NDArray y = base.create(xy[1], new Shape(N, 1));
                    MinibatchFit.BatchLoss loss = rows -> line.forward(Rows.gather(x, rows)).sub(Rows.gather(y, rows))
                            .square().mean();
                    // evaluation i happens after step 25 * i: a V with its bottom at step 150
                    return new MinibatchFit.Objectives(loss, scope -> Math.abs(25.0 * ++evaluations[0] - 150));
                }, 25, 100);
        assertEquals(150, r.chosenStep());
        assertEquals(0.0, r.validationLoss(), 0);
        assertEquals(250, r.stepsRun(), "stops at the first evaluation 100 steps after the best");
        assertEquals(10, evaluations[0]);
        assertEquals(3, weights(r).length);
        assertEquals(400, fitLine(3).chosenStep(), "without early stopping the last step is chosen");
    }
}
