package dev.worldlens.probe;

import dev.worldlens.core.InvalidInputException;
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
        assertEquals(3e-4, c.lr(), "its optimum lay within the first 100 steps at 1e-3: BENCHMARKS.md");
        assertEquals(PairMode.CONCAT_DELTA, c.mode(), "[z_t, z_t+k - z_t]: see PairMode and the README");
        assertEquals(1e-2, c.weightDecay(), "AdamW's decoupled decay at PyTorch's default");
        assertEquals(new EarlyStopping(0.15, 10, 500), c.earlyStopping());
        assertEquals(768L * 256 + 256 + 256 * 128 + 128 + 128 * 7 + 7, c.parameterCount(768, 7));
    }

    /**
     * Few pairs (40 episodes of 5) for a 256-128 MLP, and a target that is a linear read of three of the 10 feature
     * changes plus noise of the same variance (the best R^2 is 0.5): within 25 steps the probe has the signal, after
     * a few hundred it has memorised the noise (at lr 1e-3 the held-out R^2 of training every step falls from 0.36
     * at step 25 to 0.14 at 400 and stays there). Early stopping on a quarter of the training episodes keeps the
     * weights from before that.
     */
    @Test
    void earlyStoppingBeatsTrainingEveryStepOnASmallNoisyProblem() {
        PairSet all = overfitPairs(40 * 5 + 400, 5);
        PairSet train = head(all, 200);
        PairSet test = tail(all, 400);
        MlpProbeConfig base = FAST.withSteps(1000).withHidden(256, 128).withMode(PairMode.DIFFERENCE);
        MlpProbe.Fitted stopped = new MlpProbe(base.withEarlyStopping(new EarlyStopping(0.25, 5, 100)))
                .fit(train, 1);
        MlpProbe.Fitted full = new MlpProbe(base.withEarlyStopping(EarlyStopping.NONE)).fit(train, 1);
        double r2Stopped = R2.varianceWeighted(test.targets(), stopped.predict(test));
        double r2Full = R2.varianceWeighted(test.targets(), full.predict(test));
        System.out.printf("small noisy problem: early stopping R2 %.3f (step %d of %d run), every step R2 %.3f%n",
                r2Stopped, stopped.chosenStep(), stopped.training().stepsRun(), r2Full);
        assertTrue(r2Stopped > r2Full + 0.05, "early stopping " + r2Stopped + " vs every step " + r2Full);
        assertTrue(stopped.chosenStep() < 1000 && stopped.chosenStep() % 5 == 0, "step " + stopped.chosenStep());
        assertTrue(stopped.training().stepsRun() < 1000, "stopped early: " + stopped.training().stepsRun());
        assertEquals(stopped.chosenStep() + 100, stopped.training().stepsRun(), "stops when the patience is spent");
        assertEquals(1000, full.chosenStep());
        assertTrue(Double.isNaN(full.training().validationLoss()));
    }

    @Test
    void earlyStoppingNeedsTwoEpisodes() {
        PairSet one = head(overfitPairs(10, 1), 10);
        PairSet sameEpisode = new PairSet(one.frames(), one.first(), one.second(), one.targets(), new int[10]);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new MlpProbe(FAST.withSteps(5)
                .withEarlyStopping(EarlyStopping.defaults())).fit(sameEpisode, 1));
        assertEquals("probe.earlyStopping", e.field());
    }

    /** Pairs of width-10 Gaussian frames, 5 pairs per episode; target = 3 feature changes + noise, variance 6 each. */
    static PairSet overfitPairs(int pairs, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = 10;
        float[] z = new float[2 * pairs * d];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        float[][] targets = new float[pairs][1];
        for (int i = 0; i < pairs; i++) {
            double signal = 0;
            for (int j = 0; j < 3; j++) {
                signal += z[(2 * i + 1) * d + j] - z[2 * i * d + j];
            }
            // signal variance 6, noise variance 6: the best R^2 is 0.5
            targets[i][0] = (float) (signal + Math.sqrt(6) * rng.nextGaussian());
        }
        return new PairSet(new FrameFeatures(2 * pairs, d, z, 0, null), IntStream.range(0, pairs).map(i -> 2 * i)
                .toArray(), IntStream.range(0, pairs).map(i -> 2 * i + 1).toArray(), targets,
                IntStream.range(0, pairs).map(i -> i / 5).toArray());
    }

    private static int[] bits(float[] row) {
        int[] out = new int[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = Float.floatToRawIntBits(row[i]);
        }
        return out;
    }
}
