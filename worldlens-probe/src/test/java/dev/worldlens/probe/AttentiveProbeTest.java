package dev.worldlens.probe;

import dev.worldlens.core.metrics.R2;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttentiveProbeTest {
    private static final int N = 4;
    private static final int D = 8;
    private static final int A = 2;

    /**
     * Frames of N Gaussian tokens; in the second frame of each pair one token (at a random position) is marked by a
     * large value in channel 0 and carries the action in channels 1..A. Every other token is noise, so the probe
     * must find the marked token.
     */
    static PairSet markedTokenPairs(int pairs, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] tokens = new float[2 * pairs * N * D];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (float) rng.nextGaussian();
        }
        float[][] targets = new float[pairs][A];
        for (int p = 0; p < pairs; p++) {
            int token = rng.nextInt(N);
            int o = ((2 * p + 1) * N + token) * D;
            tokens[o] = 6;
            for (int j = 0; j < A; j++) {
                targets[p][j] = (float) (3 * rng.nextGaussian() - 1);
                tokens[o + 1 + j] = (targets[p][j] + 1) / 3;
            }
        }
        float[] pooled = new float[2 * pairs * D];
        for (int f = 0; f < 2 * pairs; f++) {
            for (int t = 0; t < N; t++) {
                for (int j = 0; j < D; j++) {
                    pooled[f * D + j] += tokens[(f * N + t) * D + j] / N;
                }
            }
        }
        return MlpProbeTest.pairsOf(new FrameFeatures(2 * pairs, D, pooled, N, tokens), targets);
    }

    @Test
    void attendsToTheTokenThatCarriesTheAction() {
        PairSet all = markedTokenPairs(2500, 5);
        PairSet train = MlpProbeTest.head(all, 2000);
        PairSet test = MlpProbeTest.tail(all, 500);
        AttentiveProbeConfig c = new AttentiveProbeConfig(16, 2, 400, 128, 3e-3, 1);
        AttentiveProbe.Fitted fitted = new AttentiveProbe(c).fit(train, 1);
        double r2 = R2.uniform(test.targets(), fitted.predict(test));
        assertTrue(r2 >= 0.9, "held-out R^2 " + r2);
        float[][] again = new AttentiveProbe(c).fit(train, 1).predict(test);
        float[][] first = fitted.predict(test);
        for (int i = 0; i < again.length; i++) {
            assertArrayEquals(first[i], again[i], 0f);
        }
    }

    @Test
    void needsTokens() {
        PairSet pooledOnly = MlpProbeTest.noisePairs(20, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AttentiveProbe().fit(pooledOnly, 1));
        assertTrue(e.getMessage().contains("token"), e.getMessage());
    }

    @Test
    void headsMustDivideTheWidth() {
        assertThrows(IllegalArgumentException.class, () -> new AttentiveProbeConfig(10, 3, 1, 1, 1e-3, 0));
    }
}
