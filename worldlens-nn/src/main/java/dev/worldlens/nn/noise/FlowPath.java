package dev.worldlens.nn.noise;

import ai.djl.ndarray.NDArray;
import dev.worldlens.nn.Scalars;

import java.util.SplittableRandom;

/**
 * The straight flow path of flow matching and shortcut models, in Dreamer 4's convention (Hafner, Yan and Lillicrap,
 * "Training Agents Inside of Scalable World Models", arXiv 2509.24527, Sec. 3.2): {@code z_tau = (1 - tau) z0 +
 * tau z1} with noise {@code z0 ~ N(0, I)}, clean data {@code z1}, and signal level tau from 0 (pure noise) to 1
 * (clean). A network that predicts the clean data (x-prediction, {@code z1hat}) implies the velocity
 * {@code (z1hat - z_tau) / (1 - tau)}; a step of size d moves {@code z_tau + d * velocity}.
 *
 * <p>Shortcut models (Frans, Hafner, Levine and Abbeel, "One Step Diffusion via Shortcut Models", 2024) also
 * condition the network on the step size d, a power of two {@code 1 / 2^e} for e = 0..{@link #finestExponent()} with
 * the finest step {@code dMin = 1 / kMax}; tau is drawn on the grid of d ({@code 0, d, ..., 1 - d}), so the signal
 * level is always a multiple of dMin and can be embedded by its index {@code tau * kMax}. Dreamer 4 weights every
 * frame's loss by the ramp {@code w(tau) = 0.9 tau + 0.1} (its Eq. 8), which puts the capacity where frames are
 * nearly clean.
 *
 * @param kMax the number of finest steps from noise to data; a power of two (e.g. 32 or 64)
 */
public record FlowPath(int kMax) {

    public FlowPath {
        if (kMax < 1 || Integer.bitCount(kMax) != 1) {
            throw new IllegalArgumentException("kMax must be a power of two, got " + kMax);
        }
    }

    /** e_max = log2(kMax): the exponent of the finest step dMin = 1 / 2^e_max. */
    public int finestExponent() {
        return Integer.numberOfTrailingZeros(kMax);
    }

    /** The finest step size 1 / kMax. */
    public double dMin() {
        return 1.0 / kMax;
    }

    /** Step size 1 / 2^exponent. */
    public static double stepSize(int exponent) {
        return 1.0 / (1L << exponent);
    }

    /** A step exponent uniform over 0..e_max - 1, i.e. every step size but the finest (the bootstrapped ones). */
    public int sampleCoarseExponent(SplittableRandom rng) {
        int e = finestExponent();
        return e == 0 ? 0 : rng.nextInt(e);
    }

    /**
     * A signal level on the grid of the step 1 / 2^exponent, as an index on the finest grid (tau = index / kMax):
     * j uniform in 0..2^exponent - 1, index j * kMax / 2^exponent. So tau is at most 1 - d and a step of d from it
     * never passes the data.
     */
    public int sampleSignalIndex(SplittableRandom rng, int exponent) {
        int steps = 1 << exponent;
        return rng.nextInt(steps) * (kMax / steps);
    }

    /** tau for a signal index on the finest grid. */
    public double signal(int index) {
        return (double) index / kMax;
    }

    /** The ramp loss weight w(tau) = 0.9 tau + 0.1 (Dreamer 4, Eq. 8). */
    public static double rampWeight(double tau) {
        return 0.9 * tau + 0.1;
    }

    /** z_tau = (1 - tau) z0 + tau z1 on scalars. */
    public static double interpolate(double noise, double clean, double tau) {
        return (1 - tau) * noise + tau * clean;
    }

    /**
     * z_tau = (1 - tau) z0 + tau z1; {@code tau} broadcasts against the latents (e.g. [B, T, 1, 1] against
     * [B, T, N, C]). The result lives on {@code noise}'s manager.
     */
    public static NDArray interpolate(NDArray noise, NDArray clean, NDArray tau) {
        return noise.add(clean.sub(noise).mul(tau));
    }

    /** The velocity implied by an x-prediction: (z1hat - z_tau) / (1 - tau); tau below 1 (broadcastable). */
    public static NDArray velocity(NDArray predictedClean, NDArray noisy, NDArray tau) {
        return predictedClean.sub(noisy).div(tau.neg().add(1));
    }

    /** One step of size {@code d} (broadcastable) along {@code velocity}: z + d v. */
    public static NDArray step(NDArray noisy, NDArray velocity, NDArray d) {
        return noisy.add(velocity.mul(d));
    }

    /**
     * The shortcut bootstrap target in x-space: the clean latent z_tau + (1 - tau) (v' + v'') / 2 that the average
     * velocity of two half steps (v' at tau, v'' at tau + d/2) points to. Dreamer 4's Eq. 7 loss for a step d above
     * dMin, {@code (1 - tau)^2 |(z1hat - z_tau) / (1 - tau) - (v' + v'') / 2|^2}, is exactly
     * {@code |z1hat - bootstrapClean|^2}. Callers stop the gradient of the half-step velocities.
     */
    public static NDArray bootstrapClean(NDArray noisy, NDArray firstVelocity, NDArray secondVelocity, NDArray tau) {
        return noisy.add(Scalars.div(firstVelocity.add(secondVelocity).mul(tau.neg().add(1)), 2));
    }
}
