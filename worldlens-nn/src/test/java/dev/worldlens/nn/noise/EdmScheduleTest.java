package dev.worldlens.nn.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EDM's preconditioning identities, its training noise distribution and its sampler steps (Karras et al. 2022). */
class EdmScheduleTest {
    private final EdmSchedule edm = EdmSchedule.defaults();

    @Test
    void preconditioningAtSigmaDataAndItsIdentities() {
        double sd = edm.sigmaData();
        // at sigma = sigmaData the noisy input is half signal, half noise
        assertEquals(0.5, edm.cSkip(sd), 1e-12);
        assertEquals(sd / Math.sqrt(2), edm.cOut(sd), 1e-12);
        assertEquals(1 / (sd * Math.sqrt(2)), edm.cIn(sd), 1e-12);
        assertEquals(Math.log(sd) / 4, edm.cNoise(sd), 1e-12);
        for (double sigma : new double[]{0.002, 0.05, 0.3, 0.5, 2, 80}) {
            // lambda * cOut^2 = 1: the weighted loss on D is the unweighted loss on F
            assertEquals(1, edm.lossWeight(sigma) * edm.cOut(sigma) * edm.cOut(sigma), 1e-9);
            // cSkip^2 sigma^2 + (1 - cSkip)^2 sigmaData^2 ... the target of F has unit variance:
            // Var[(y - cSkip (y + sigma n)) / cOut] = ((1 - cSkip)^2 sd^2 + cSkip^2 sigma^2) / cOut^2 = 1
            double cs = edm.cSkip(sigma);
            double co = edm.cOut(sigma);
            assertEquals(1, ((1 - cs) * (1 - cs) * sd * sd + cs * cs * sigma * sigma) / (co * co), 1e-9);
            // and so has F's input: cIn^2 (sd^2 + sigma^2) = 1
            assertEquals(1, edm.cIn(sigma) * edm.cIn(sigma) * (sd * sd + sigma * sigma), 1e-12);
            // D built from F's target gives the clean value back
            double y = 0.37;
            double x = y + sigma * -1.3;
            assertEquals(y, edm.denoise(x, edm.networkTarget(y, x, sigma), sigma), 1e-9);
        }
        // almost no noise: D passes the input through; much noise: D ignores it
        assertTrue(edm.cSkip(1e-4) > 0.9999 && edm.cSkip(80) < 1e-4);
    }

    @Test
    void sampledLogSigmaHasTheRequestedMeanAndStd() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 200_000;
        double sum = 0;
        double sq = 0;
        for (float s : edm.sampleSigmas(rng, n)) {
            double l = Math.log(s);
            sum += l;
            sq += l * l;
        }
        double mean = sum / n;
        double std = Math.sqrt(sq / n - mean * mean);
        assertEquals(-1.2, mean, 0.01);
        assertEquals(1.2, std, 0.01);
        // the same seed gives the same draws
        assertArrayEquals(edm.sampleSigmas(new SplittableRandom(9), 5), edm.sampleSigmas(new SplittableRandom(9), 5));
    }

    @Test
    void karrasSigmasRunFromMaxToMinThenZero() {
        double[] s = edm.karrasSigmas(18);
        assertEquals(19, s.length);
        assertEquals(80, s[0], 1e-9);
        assertEquals(0.002, s[17], 1e-12);
        assertEquals(0, s[18]);
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i] < s[i - 1]);
        }
        // even spacing in sigma^(1/rho)
        double step = Math.pow(s[1], 1 / 7.0) - Math.pow(s[0], 1 / 7.0);
        assertEquals(step, Math.pow(s[10], 1 / 7.0) - Math.pow(s[9], 1 / 7.0), 1e-9);
        assertEquals(80, edm.karrasSigmas(1)[0], 1e-9);
        assertThrows(IllegalArgumentException.class, () -> edm.karrasSigmas(0));
    }

    @Test
    void ddimStepsWithAPerfectDenoiserLandOnTheData() {
        try (NDManager m = Torch.newManager()) {
            float[] clean = {0.2f, -0.4f, 0.9f};
            NDArray y = m.create(clean);
            double[] sigmas = edm.karrasSigmas(6);
            NDArray x = y.add(m.create(new float[]{1, -1, 0.5f}).mul(sigmas[0]));
            for (int i = 0; i < 6; i++) {
                // the ideal denoiser of a one-point data set returns that point
                NDArray next = edm.ddimStep(x, y, sigmas[i], sigmas[i + 1]);
                // along the way x stays y + sigma * (the initial noise direction)
                float[] v = next.toFloatArray();
                assertEquals(clean[0] + sigmas[i + 1], v[0], 1e-3);
                x = next;
            }
            assertArrayEquals(clean, x.toFloatArray(), 1e-6f);
            // D from an array network output equals the scalar formula
            NDArray d = edm.denoise(m.create(new float[]{1f}), m.create(new float[]{2f}), 0.3);
            assertEquals(edm.denoise(1, 2, 0.3), d.getFloat(0), 1e-6);
        }
    }

    @Test
    void otherDataScaleAndBadSettings() {
        EdmSchedule actions = EdmSchedule.withSigmaData(1.0);
        assertEquals(0.5, actions.cSkip(1.0), 1e-12);
        assertEquals(-1.2, actions.pMean());
        assertThrows(IllegalArgumentException.class, () -> new EdmSchedule(0, -1.2, 1.2, 0.002, 80, 7));
        assertThrows(IllegalArgumentException.class, () -> new EdmSchedule(0.5, -1.2, 1.2, 1, 0.5, 7));
    }
}
