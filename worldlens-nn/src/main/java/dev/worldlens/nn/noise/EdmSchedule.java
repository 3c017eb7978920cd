package dev.worldlens.nn.noise;

import ai.djl.ndarray.NDArray;
import dev.worldlens.nn.Scalars;

import java.util.SplittableRandom;

/**
 * The noise schedule, network preconditioning and sampler steps of EDM (Karras, Aittala, Aila and Laine, "Elucidating
 * the Design Space of Diffusion-Based Generative Models", NeurIPS 2022), for any data whose per-element standard
 * deviation is about {@code sigmaData} (0.5 for pixels in [-1, 1], the paper's image setting).
 *
 * <p>A noisy sample is {@code x = y + sigma * n} with {@code n ~ N(0, I)}. The denoiser is a raw network F wrapped as
 * {@code D(x; sigma) = cSkip(sigma) x + cOut(sigma) F(cIn(sigma) x; cNoise(sigma))} (Table 1 of the paper), so that
 * F's input and its training target both have unit variance at every noise level. Training draws
 * {@code ln(sigma) ~ N(pMean, pStd^2)} and minimises {@code lossWeight(sigma) * |D(x; sigma) - y|^2}; since
 * {@code lossWeight = 1 / cOut^2}, that equals the unweighted {@code |F - (y - cSkip x) / cOut|^2}
 * ({@link #networkTarget}). Sampling walks the decreasing {@link #karrasSigmas} from sigmaMax to 0; {@link #ddimStep}
 * is the deterministic (eta = 0) DDIM update in this parametrisation, i.e. one Euler step of the probability-flow ODE
 * {@code dx/dsigma = (x - D(x; sigma)) / sigma}.
 *
 * @param sigmaData standard deviation of the clean data (0.5)
 * @param pMean     mean of ln(sigma) during training (-1.2)
 * @param pStd      standard deviation of ln(sigma) during training (1.2)
 * @param sigmaMin  smallest noise level of the sampler (0.002)
 * @param sigmaMax  largest noise level of the sampler (80)
 * @param rho       curvature of the sampler's step spacing (7: small steps near sigmaMin)
 */
public record EdmSchedule(double sigmaData, double pMean, double pStd, double sigmaMin, double sigmaMax, double rho) {

    public EdmSchedule {
        if (!(sigmaData > 0) || !(pStd >= 0) || !(sigmaMin > 0) || !(sigmaMax > sigmaMin) || !(rho > 0)) {
            throw new IllegalArgumentException("invalid EDM schedule: sigmaData " + sigmaData + ", pStd " + pStd
                    + ", sigma range [" + sigmaMin + ", " + sigmaMax + "], rho " + rho);
        }
    }

    /** The paper's image settings: sigmaData 0.5, ln(sigma) ~ N(-1.2, 1.2^2), sampler sigmas in [0.002, 80], rho 7. */
    public static EdmSchedule defaults() {
        return new EdmSchedule(0.5, -1.2, 1.2, 0.002, 80, 7);
    }

    /** The paper's settings for data of another standard deviation (e.g. standardised actions: 1.0). */
    public static EdmSchedule withSigmaData(double sigmaData) {
        EdmSchedule d = defaults();
        return new EdmSchedule(sigmaData, d.pMean, d.pStd, d.sigmaMin, d.sigmaMax, d.rho);
    }

    /** One training noise level: exp(pMean + pStd * n), n ~ N(0, 1) drawn from {@code rng}. */
    public double sampleSigma(SplittableRandom rng) {
        return Math.exp(pMean + pStd * rng.nextGaussian());
    }

    /** {@code count} training noise levels, in draw order. */
    public float[] sampleSigmas(SplittableRandom rng, int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) sampleSigma(rng);
        }
        return out;
    }

    /** Weight of the noisy input in the denoised output: sigmaData^2 / (sigma^2 + sigmaData^2). */
    public double cSkip(double sigma) {
        return sigmaData * sigmaData / (sigma * sigma + sigmaData * sigmaData);
    }

    /** Scale of the network output: sigma * sigmaData / sqrt(sigma^2 + sigmaData^2). */
    public double cOut(double sigma) {
        return sigma * sigmaData / Math.sqrt(sigma * sigma + sigmaData * sigmaData);
    }

    /** Scale of the network input, giving it unit variance: 1 / sqrt(sigma^2 + sigmaData^2). */
    public double cIn(double sigma) {
        return 1.0 / Math.sqrt(sigma * sigma + sigmaData * sigmaData);
    }

    /** The noise-level input of the network: ln(sigma) / 4. */
    public double cNoise(double sigma) {
        return Math.log(sigma) / 4;
    }

    /** lambda(sigma) = (sigma^2 + sigmaData^2) / (sigma * sigmaData)^2, which is 1 / cOut^2. */
    public double lossWeight(double sigma) {
        return (sigma * sigma + sigmaData * sigmaData) / (sigma * sigma * sigmaData * sigmaData);
    }

    /**
     * What F should output for clean value {@code clean} seen as {@code noisy} at {@code sigma}:
     * (clean - cSkip * noisy) / cOut. Regressing F on it unweighted is the weighted EDM loss on D.
     */
    public double networkTarget(double clean, double noisy, double sigma) {
        return (clean - cSkip(sigma) * noisy) / cOut(sigma);
    }

    /** D = cSkip * noisy + cOut * f, elementwise on a scalar (see {@link #denoise(NDArray, NDArray, double)}). */
    public double denoise(double noisy, double networkOutput, double sigma) {
        return cSkip(sigma) * noisy + cOut(sigma) * networkOutput;
    }

    /** D(x; sigma) from the noisy input and the raw network output F (same shape), on {@code noisy}'s manager. */
    public NDArray denoise(NDArray noisy, NDArray networkOutput, double sigma) {
        return Scalars.mul(noisy, cSkip(sigma)).add(Scalars.mul(networkOutput, cOut(sigma)));
    }

    /**
     * The sampler's noise levels: {@code steps} values from sigmaMax down to sigmaMin spaced evenly in sigma^(1/rho)
     * (Eq. 5 of the paper), followed by a final 0, so {@code steps + 1} values in all.
     */
    public double[] karrasSigmas(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("at least one sampling step, got " + steps);
        }
        double[] out = new double[steps + 1];
        double hi = Math.pow(sigmaMax, 1 / rho);
        double lo = Math.pow(sigmaMin, 1 / rho);
        for (int i = 0; i < steps; i++) {
            double f = steps == 1 ? 0 : (double) i / (steps - 1);
            out[i] = Math.pow(hi + f * (lo - hi), rho);
        }
        out[steps] = 0;
        return out;
    }

    /**
     * One deterministic DDIM (eta 0) / Euler step from {@code sigma} to {@code sigmaNext} given the denoiser's output
     * {@code denoised} at x: x' = denoised + (sigmaNext / sigma) (x - denoised). With sigmaNext 0 it returns the
     * denoised sample.
     */
    public NDArray ddimStep(NDArray x, NDArray denoised, double sigma, double sigmaNext) {
        return denoised.add(Scalars.mul(x.sub(denoised), sigmaNext / sigma));
    }
}
