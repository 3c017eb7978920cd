package dev.worldlens.nn.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The flow path, the shortcut step grid, the ramp weight and the bootstrap target (Dreamer 4, Frans et al.). */
class FlowPathTest {

    @Test
    void gridOfStepsAndSignalLevels() {
        FlowPath path = new FlowPath(32);
        assertEquals(5, path.finestExponent());
        assertEquals(1.0 / 32, path.dMin(), 0);
        assertEquals(0.25, FlowPath.stepSize(2), 0);
        SplittableRandom rng = new SplittableRandom(3);
        int[] seen = new int[path.finestExponent()];
        for (int i = 0; i < 5000; i++) {
            int e = path.sampleCoarseExponent(rng);
            assertTrue(e >= 0 && e < path.finestExponent(), "coarse exponents exclude the finest step");
            seen[e]++;
            int index = path.sampleSignalIndex(rng, e);
            double d = FlowPath.stepSize(e);
            double tau = path.signal(index);
            // on the grid of d, at most 1 - d
            assertEquals(0, tau / d - Math.rint(tau / d), 1e-12);
            assertTrue(tau >= 0 && tau <= 1 - d + 1e-12);
        }
        for (int count : seen) {
            assertTrue(count > 800, "every coarse step size is drawn about equally often");
        }
        // the finest grid reaches every index 0..kMax-1
        boolean[] hit = new boolean[32];
        for (int i = 0; i < 3000; i++) {
            hit[path.sampleSignalIndex(rng, path.finestExponent())] = true;
        }
        for (boolean h : hit) {
            assertTrue(h);
        }
        assertThrows(IllegalArgumentException.class, () -> new FlowPath(24));
    }

    @Test
    void rampWeightAndInterpolationEnds() {
        assertEquals(0.1, FlowPath.rampWeight(0), 1e-12);
        assertEquals(1.0, FlowPath.rampWeight(1), 1e-12);
        assertEquals(0.55, FlowPath.rampWeight(0.5), 1e-12);
        assertEquals(2.0, FlowPath.interpolate(2.0, 5.0, 0), 0);
        assertEquals(5.0, FlowPath.interpolate(2.0, 5.0, 1), 0);
        assertEquals(3.5, FlowPath.interpolate(2.0, 5.0, 0.5), 0);
    }

    @Test
    void exactPredictionsStepToTheDataAndBootstrapToIt() {
        try (NDManager m = Torch.newManager()) {
            NDArray z0 = m.create(new float[]{1, -2, 0.5f, 0.3f}, new Shape(2, 2));
            NDArray z1 = m.create(new float[]{0.1f, 0.4f, -0.7f, 0.9f}, new Shape(2, 2));
            NDArray tau = m.create(new float[]{0.25f, 0.5f}, new Shape(2, 1));
            NDArray zt = FlowPath.interpolate(z0, z1, tau);
            assertEquals(FlowPath.interpolate(1, 0.1, 0.25), zt.getFloat(0, 0), 1e-6);
            // x-prediction of the truth gives the path's velocity z1 - z0
            NDArray v = FlowPath.velocity(z1, zt, tau);
            assertArrayEquals(z1.sub(z0).toFloatArray(), v.toFloatArray(), 1e-5f);
            // a step of 1 - tau along it lands on the data
            assertArrayEquals(z1.toFloatArray(), FlowPath.step(zt, v, tau.neg().add(1)).toFloatArray(), 1e-5f);
            // two exact half steps agree with the straight path, so the bootstrap target is the data
            NDArray half = m.create(new float[]{0.125f, 0.25f}, new Shape(2, 1));
            NDArray mid = FlowPath.step(zt, v, half);
            NDArray v2 = FlowPath.velocity(z1, mid, tau.add(half));
            assertArrayEquals(z1.toFloatArray(), FlowPath.bootstrapClean(zt, v, v2, tau).toFloatArray(), 1e-5f);
            // and the x-space bootstrap error equals (1 - tau)^2 times the velocity-space error (Eq. 7)
            NDArray guess = m.create(new float[]{0.3f, 0.1f, -0.2f, 0.5f}, new Shape(2, 2));
            NDArray vTarget = m.create(new float[]{0.7f, -1.1f, 0.4f, 0.2f}, new Shape(2, 2));
            NDArray wrong = FlowPath.velocity(z1, zt, tau).mul(0).add(vTarget);
            NDArray target = FlowPath.bootstrapClean(zt, wrong, wrong, tau);
            float[] xSpace = guess.sub(target).square().toFloatArray();
            float[] vSpace = FlowPath.velocity(guess, zt, tau).sub(vTarget).square()
                    .mul(tau.neg().add(1).square()).toFloatArray();
            assertArrayEquals(xSpace, vSpace, 1e-5f);
        }
    }
}
