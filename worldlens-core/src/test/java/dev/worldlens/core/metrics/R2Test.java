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

    /**
     * Expected values from scikit-learn's r2_score code path (force_finite=True) replayed in numpy 2.4 on these
     * rows: scikit-learn itself is not installed on the build machine, so the numbers come from its documented
     * algorithm (per-output scores, then np.average with weights SS_tot, uniform when every SS_tot is 0), not from
     * a call of the library. Column 2 is near constant and badly predicted: uniform averaging lets it drag the
     * figure to -1.41, variance weighting gives it the weight of its tiny variance.
     */
    @Test
    void varianceWeightedFollowsScikitLearn() {
        float[][] y = {{0.5f, 1.0f, -0.02f}, {1.5f, -2.0f, 0.01f}, {-1.0f, 0.5f, 0.00f}, {2.0f, 3.0f, -0.01f},
                {0.0f, -1.5f, 0.02f}};
        float[][] p = {{0.7f, 0.5f, 0.03f}, {1.2f, -1.0f, -0.02f}, {-0.4f, 0.0f, 0.01f}, {1.6f, 2.0f, 0.02f},
                {0.3f, -0.5f, -0.03f}};
        R2.Columns c = R2.columns(y, p);
        assertEquals(-1.4148494959279592, c.uniform(), 1e-5);
        assertEquals(0.8069678650970411, c.varianceWeighted(), 1e-5);
        assertEquals(0.8069678650970411, R2.varianceWeighted(y, p), 1e-5);
        assertEquals(0.8072727272727274, c.varianceWeighted(java.util.List.of(0, 1)), 1e-5);
        assertEquals(-5.9, c.varianceWeighted(new int[]{2}), 1e-4);
        // a constant column predicted with errors scores 0 with weight 0: only column 1 counts (sklearn: 0.875)
        assertEquals(0.875, R2.varianceWeighted(new float[][]{{1, 0}, {1, 1}, {1, 2}},
                new float[][]{{2, 0}, {1, 1}, {1, 2.5f}}), 1e-12);
        // all columns constant: scikit-learn falls back to the uniform mean
        assertEquals(0.5, R2.varianceWeighted(new float[][]{{1, 2}, {1, 2}}, new float[][]{{1, 3}, {1, 2}}), 0);
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
