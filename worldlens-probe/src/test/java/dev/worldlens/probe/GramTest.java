package dev.worldlens.probe;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenBLAS cross products equal plain double-precision sums over the centred pair inputs. */
class GramTest {
    private static final double TOLERANCE = 1e-4;

    @Test
    void oneFoldEqualsThePlainProducts() {
        PairSet pairs = pairs(300, 17, 3, 1);
        float[] ys = targets(pairs);
        try (Gram gram = Gram.build(pairs, PairMode.DIFFERENCE, null, ys)) {
            assertEquals(17, gram.d);
            double[][] rows = centredRows(pairs, PairMode.DIFFERENCE, null);
            assertArrayEquals(floats(mean(pairs, PairMode.DIFFERENCE)), gram.mean(), 1e-5f);
            check(gram.products(0, 300), rows, ys, 0, 300, 3);
        }
    }

    @Test
    void foldsInAnyOrderEqualThePlainProductsOfTheirRows() {
        PairSet pairs = pairs(300, 20, 7, 2);
        float[] ys = targets(pairs);
        int[] order = new int[300];
        for (int i = 0; i < 300; i++) {
            order[i] = (i * 7 + 3) % 300; // a permutation, as the ridge probe's grouping by fold makes
        }
        float[] ordered = new float[ys.length];
        for (int i = 0; i < 300; i++) {
            System.arraycopy(ys, order[i] * 7, ordered, i * 7, 7);
        }
        int[] start = {0, 70, 160, 161, 300};
        for (PairMode mode : PairMode.values()) {
            try (Gram gram = Gram.build(pairs, mode, order, ordered)) {
                double[][] rows = centredRows(pairs, mode, order);
                for (int f = 0; f + 1 < start.length; f++) {
                    check(gram.products(start[f], start[f + 1]), rows, ordered, start[f], start[f + 1], 7);
                }
            }
        }
    }

    @Test
    void slicesPerThreadAddUpToThePlainProducts() {
        PairSet pairs = pairs(2000, 17, 3, 5);
        float[] ys = targets(pairs);
        double[][] rows = centredRows(pairs, PairMode.CONCAT_DELTA, null);
        for (int parallelism : new int[]{1, 3}) {
            try (Gram gram = Gram.build(pairs, PairMode.CONCAT_DELTA, null, ys, parallelism)) {
                check(gram.products(0, 2000), rows, ys, 0, 2000, 3); // 1 or 3 slices
                check(gram.products(100, 1300), rows, ys, 100, 1300, 3); // 1 or 2 slices
            }
        }
    }

    @Test
    void predictionsAreTheProductOfTheCentredRowsAndTheWeights() {
        PairSet pairs = pairs(300, 17, 3, 3);
        float[] ys = targets(pairs);
        SplittableRandom rng = new SplittableRandom(4);
        float[] w = new float[34 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        try (Gram gram = Gram.build(pairs, PairMode.CONCAT, null, ys)) {
            double[][] rows = centredRows(pairs, PairMode.CONCAT, null);
            float[] p = gram.times(100, 130, w);
            assertEquals(30 * 3, p.length);
            for (int i = 0; i < 30; i++) {
                for (int j = 0; j < 3; j++) {
                    double ref = 0;
                    double scale = 0;
                    for (int k = 0; k < 34; k++) {
                        ref += rows[100 + i][k] * w[k * 3 + j];
                        scale += Math.abs(rows[100 + i][k] * w[k * 3 + j]);
                    }
                    assertEquals(ref, p[i * 3 + j], TOLERANCE * scale, "row " + i + " output " + j);
                }
            }
        }
    }

    /** Every entry within 1e-4 of its Cauchy-Schwarz bound sqrt(G_ii G_jj): entries near zero have no relative size. */
    private static void check(double[][] gb, double[][] rows, float[] ys, int from, int to, int a) {
        int d = rows[0].length;
        double[] g = gb[0];
        double[] b = gb[1];
        assertEquals(d * d, g.length);
        assertEquals(d * a, b.length);
        double[] xx = new double[d * d];
        double[] xy = new double[d * a];
        double[] yy = new double[a];
        for (int r = from; r < to; r++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    xx[i * d + j] += rows[r][i] * rows[r][j];
                }
                for (int k = 0; k < a; k++) {
                    xy[i * a + k] += rows[r][i] * ys[r * a + k];
                }
            }
            for (int k = 0; k < a; k++) {
                yy[k] += (double) ys[r * a + k] * ys[r * a + k];
            }
        }
        for (int i = 0; i < d; i++) {
            assertTrue(xx[i * d + i] > 0, "degenerate test data");
            for (int j = 0; j < d; j++) {
                double scale = Math.sqrt(xx[i * d + i] * xx[j * d + j]);
                assertEquals(xx[i * d + j], g[i * d + j], TOLERANCE * scale, "X'X at " + i + ", " + j + " of rows "
                        + from + ".." + to);
            }
            for (int k = 0; k < a; k++) {
                double scale = Math.sqrt(xx[i * d + i] * yy[k]);
                assertEquals(xy[i * a + k], b[i * a + k], TOLERANCE * scale, "X'Y at " + i + ", " + k);
            }
        }
    }

    /** Frames with offsets and scales that differ by column, so that centring matters. */
    private static PairSet pairs(int n, int width, int a, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int frames = n + 5;
        float[] z = new float[frames * width];
        for (int i = 0; i < z.length; i++) {
            int col = i % width;
            z[i] = (float) (5.0 * col - 20 + (1 + col % 4) * rng.nextGaussian());
        }
        int[] first = new int[n];
        int[] second = new int[n];
        int[] episode = new int[n];
        float[][] targets = new float[n][a];
        for (int i = 0; i < n; i++) {
            first[i] = i;
            second[i] = i + 1 + rng.nextInt(4);
            episode[i] = i / 30;
            for (int k = 0; k < a; k++) {
                targets[i][k] = (float) rng.nextGaussian();
            }
        }
        return new PairSet(new FrameFeatures(frames, width, z, 0, null), first, second, targets, episode);
    }

    private static float[] targets(PairSet pairs) {
        int a = pairs.actionDim();
        float[] ys = new float[pairs.size() * a];
        for (int i = 0; i < pairs.size(); i++) {
            System.arraycopy(pairs.targets()[i], 0, ys, i * a, a);
        }
        return ys;
    }

    private static double[] mean(PairSet pairs, PairMode mode) {
        float[][] x = pairs.inputs(mode);
        double[] m = new double[x[0].length];
        for (float[] row : x) {
            for (int j = 0; j < m.length; j++) {
                m[j] += row[j];
            }
        }
        for (int j = 0; j < m.length; j++) {
            m[j] /= x.length;
        }
        return m;
    }

    private static double[][] centredRows(PairSet pairs, PairMode mode, int[] order) {
        float[][] x = pairs.inputs(mode);
        double[] m = mean(pairs, mode);
        double[][] out = new double[x.length][m.length];
        for (int i = 0; i < x.length; i++) {
            float[] row = x[order == null ? i : order[i]];
            for (int j = 0; j < m.length; j++) {
                out[i][j] = row[j] - m[j];
            }
        }
        return out;
    }

    private static float[] floats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
