package dev.worldlens.core.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class R2Test {
    @Test
    void matchesHandComputedValuesIncludingNegative() {
        // column 0: y = 1,2,3, pred = 1,2,4 -> SSres 1, SStot 2 -> 0.5
        // column 1: y = 0,0,3, pred = 3,3,0 -> SSres 27, SStot 6 -> -3.5
        float[][] y = {{1, 0}, {2, 0}, {3, 3}};
        float[][] p = {{1, 3}, {2, 3}, {4, 0}};
        assertArrayEquals(new double[]{0.5, -3.5}, R2.perDimension(y, p), 1e-12);
        assertEquals(-1.5, R2.uniform(y, p), 1e-12);
    }

    @Test
    void constantTargetFollowsScikitLearn() {
        float[][] y = {{2}, {2}};
        assertEquals(1.0, R2.uniform(y, new float[][]{{2}, {2}}), 0);
        assertEquals(0.0, R2.uniform(y, new float[][]{{1}, {2}}), 0);
    }

    @Test
    void ridgeRecoversALinearMap() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        float[][] x = new float[500][3];
        float[][] y = new float[500][2];
        for (int i = 0; i < 500; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = (float) rng.nextGaussian();
            }
            y[i][0] = 2 * x[i][0] - x[i][2] + 1;
            y[i][1] = 0.5f * x[i][1];
        }
        RidgeRegression r = RidgeRegression.fit(x, y, 1e-6);
        assertEquals(1.0, R2.uniform(y, r.predict(x)), 1e-6);
    }
}
