package dev.worldlens.probe;

import dev.worldlens.core.metrics.R2;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlpProbeTest {
    private static final int TRAIN = 1500;
    private static final int TEST = 500;
    private static final MlpProbeConfig FAST = MlpProbeConfig.defaults().withSteps(600).withBatch(128).withHidden(64, 32)
            .withThreads(1); // one intra-op thread: tiny shapes, and immune to a busy machine

    private static PairSet dynamics;
    private static PairSet noise;

    /**
     * Pairs of frames whose features are a fixed linear embedding (D = 12) of a 6-D state plus a little noise, with
     * s_{t+1} = s_t + B a_t for a 3-D action scaled to [-5, 5] and offset by 2: the action is a function of the pair.
     */
    static PairSet dynamicsPairs(int pairs, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = 12;
        int sd = 6;
        int ad = 3;
        SplittableRandom fixed = new SplittableRandom(99);
        double[][] embed = gaussian(d, sd, fixed);
        double[][] b = gaussian(sd, ad, fixed);
        float[] z = new float[2 * pairs * d];
        float[][] targets = new float[pairs][ad];
        for (int i = 0; i < pairs; i++) {
            double[] s = new double[sd];
            double[] next = new double[sd];
            double[] act = new double[ad];
            for (int j = 0; j < sd; j++) {
                s[j] = rng.nextDouble(-1, 1);
            }
            for (int j = 0; j < ad; j++) {
                act[j] = rng.nextDouble(-1, 1);
                targets[i][j] = (float) (5 * act[j] + 2);
            }
            for (int j = 0; j < sd; j++) {
                next[j] = s[j];
                for (int k = 0; k < ad; k++) {
                    next[j] += 0.3 * b[j][k] * act[k];
                }
            }
            embedInto(z, (2 * i) * d, embed, s, rng);
            embedInto(z, (2 * i + 1) * d, embed, next, rng);
        }
        return pairsOf(new FrameFeatures(2 * pairs, d, z, 0, null), targets);
    }

    /** Gaussian features (D = 16) and independent Gaussian targets (A = 4). */
    static PairSet noisePairs(int pairs, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = 16;
        float[] z = new float[2 * pairs * d];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        float[][] targets = new float[pairs][4];
        for (float[] t : targets) {
            for (int j = 0; j < t.length; j++) {
                t[j] = (float) rng.nextGaussian();
            }
        }
        return pairsOf(new FrameFeatures(2 * pairs, d, z, 0, null), targets);
    }

    static PairSet pairsOf(FrameFeatures frames, float[][] targets) {
        int n = targets.length;
        return new PairSet(frames, IntStream.range(0, n).map(i -> 2 * i).toArray(),
                IntStream.range(0, n).map(i -> 2 * i + 1).toArray(), targets, IntStream.range(0, n).toArray());
    }

    private static void embedInto(float[] z, int offset, double[][] embed, double[] s, SplittableRandom rng) {
        for (int r = 0; r < embed.length; r++) {
            double v = 0;
            for (int c = 0; c < s.length; c++) {
                v += embed[r][c] * s[c];
            }
            z[offset + r] = (float) (v + 0.01 * rng.nextGaussian());
        }
    }

    private static double[][] gaussian(int rows, int cols, SplittableRandom rng) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        return m;
    }

    static PairSet head(PairSet p, int n) {
        return p.subset(IntStream.range(0, n).toArray());
    }

    static PairSet tail(PairSet p, int n) {
        return p.subset(IntStream.range(p.size() - n, p.size()).toArray());
    }

    @BeforeAll
    static void data() {
        dynamics = dynamicsPairs(TRAIN + TEST, 1);
        noise = noisePairs(TRAIN + TEST, 2);
    }

    @Test
    void recoversTheActionFromAPairOfStatesOnHeldOutPairs() {
        MlpProbe.Fitted fitted = new MlpProbe(FAST).fit(head(dynamics, TRAIN), 7);
        PairSet test = tail(dynamics, TEST);
        float[][] predicted = fitted.predict(test);
        double r2 = R2.uniform(test.targets(), predicted);
        assertTrue(r2 >= 0.95, "held-out R^2 " + r2);
        assertEquals(3, predicted[0].length);
    }

    @Test
    void findsNothingInNoise() {
        PairSet test = tail(noise, TEST);
        double r2 = R2.uniform(test.targets(), new MlpProbe(FAST).fit(head(noise, TRAIN), 7).predict(test));
        assertTrue(r2 <= 0.05, "held-out R^2 on noise " + r2);
    }

    @Test
    void theSameSeedGivesBitwiseIdenticalPredictionsAndAnotherSeedDoesNot() {
        MlpProbeConfig c = FAST.withSteps(150);
        PairSet train = head(dynamics, TRAIN);
        PairSet test = tail(dynamics, TEST);
        float[][] a = new MlpProbe(c).fit(train, 11).predict(test);
        float[][] b = new MlpProbe(c).fit(train, 11).predict(test);
        float[][] other = new MlpProbe(c).fit(train, 12).predict(test);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(bits(a[i]), bits(b[i]), "row " + i);
        }
        boolean differs = false;
        for (int i = 0; i < a.length && !differs; i++) {
            differs = !java.util.Arrays.equals(bits(a[i]), bits(other[i]));
        }
        assertTrue(differs, "seeds 11 and 12 gave identical predictions");
    }

    @Test
    void differencedPairsWorkToo() {
        MlpProbe.Fitted fitted = new MlpProbe(FAST.withMode(PairMode.DIFFERENCE)).fit(head(dynamics, TRAIN), 3);
        PairSet test = tail(dynamics, TEST);
        assertTrue(R2.uniform(test.targets(), fitted.predict(test)) >= 0.95);
        assertFalse(Float.isNaN(fitted.finalLoss()));
    }

    @Test
    void rejectsInputsOfAnotherWidth() {
        MlpProbe.Fitted fitted = new MlpProbe(FAST.withSteps(5)).fit(head(dynamics, 200), 1);
        assertThrows(IllegalArgumentException.class, () -> fitted.predict(head(noise, 10)));
    }

    @Test
    void defaultsFollowTheStudy() {
        MlpProbeConfig c = MlpProbeConfig.defaults();
        assertArrayEquals(new int[]{256, 128}, c.hidden());
        assertEquals(3000, c.steps());
        assertEquals(256, c.batch());
        assertEquals(1e-3, c.lr());
        assertEquals(PairMode.CONCAT_DELTA, c.mode(), "[z_t, z_t+k - z_t]: see PairMode and the README");
        assertEquals(768L * 256 + 256 + 256 * 128 + 128 + 128 * 7 + 7, c.parameterCount(768, 7));
    }

    private static int[] bits(float[] row) {
        int[] out = new int[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = Float.floatToRawIntBits(row[i]);
        }
        return out;
    }
}
