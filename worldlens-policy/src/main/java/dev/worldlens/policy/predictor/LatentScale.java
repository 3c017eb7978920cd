package dev.worldlens.policy.predictor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Per-channel standardisation of autoencoder latents, so that the diffusion model's data have the standard deviation
 * its schedule assumes (sigmaData 1). Stable Diffusion does the same with one global factor (0.18215, vpp.md 1.3);
 * per channel is as cheap and also removes the means of a small autoencoder's latents, which need not be centred.
 *
 * @param mean per channel
 * @param std  per channel (at least 1e-6)
 */
public record LatentScale(float[] mean, float[] std) {

    public LatentScale {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("latent scale needs one mean and one std per channel");
        }
    }

    /** Statistics of latents [N, z, s, s] (flat, row-major). */
    public static LatentScale of(float[] latents, int channels, int side) {
        int plane = side * side;
        int n = latents.length / (channels * plane);
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                int at = (i * channels + c) * plane;
                for (int j = at; j < at + plane; j++) {
                    sum += latents[j];
                    sq += (double) latents[j] * latents[j];
                }
            }
            double count = (double) n * plane;
            double m = sum / count;
            mean[c] = (float) m;
            std[c] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, sq / count - m * m)));
        }
        return new LatentScale(mean, std);
    }

    public int channels() {
        return mean.length;
    }

    /** Standardises latents [N, z, s, s] in place. */
    public void normaliseInPlace(float[] latents, int side) {
        int plane = side * side;
        int z = mean.length;
        for (int i = 0; i < latents.length; i++) {
            int c = (i / plane) % z;
            latents[i] = (latents[i] - mean[c]) / std[c];
        }
    }

    /** Standardised latents [..., z, s, s] back to the autoencoder's scale, on x's manager. */
    public NDArray denormalise(NDArray x) {
        return x.mul(channelArray(x, std)).add(channelArray(x, mean));
    }

    /** Latents [..., z, s, s] standardised, on x's manager. */
    public NDArray normalise(NDArray x) {
        return x.sub(channelArray(x, mean)).div(channelArray(x, std));
    }

    private static NDArray channelArray(NDArray like, float[] values) {
        return like.getManager().create(values, new Shape(values.length, 1, 1));
    }
}
