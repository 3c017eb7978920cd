package dev.worldlens.nn.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import dev.worldlens.nn.Parameters;

/**
 * Group normalisation (Wu and He, 2018) over [B, C, H, W]: the channels are split into {@code groups} groups, each
 * group of each sample is normalised to zero mean and unit variance over its channels and pixels (biased variance,
 * as PyTorch), then every channel is scaled and shifted by its own gamma and beta. The norm of the Stable Diffusion
 * VAE and of the DDPM/LDM UNets (32 groups, eps 1e-6 there).
 *
 * <p>DJL has no functional group norm, so it runs as one fused layer norm over the reshaped [B, G, C/G * H * W]
 * (unit weight, zero bias) followed by the per-channel affine; this keeps the backward pass to the engine's own
 * kernels. Parameters: {@code name.weight} (gamma, ones) and {@code name.bias} (beta, zeros), each [C] as in
 * PyTorch.
 *
 * @param gamma  per-channel scale [C]
 * @param beta   per-channel shift [C]
 * @param groups channel groups; must divide C
 * @param eps    added to the variance
 */
public record GroupNorm(NDArray gamma, NDArray beta, int groups, float eps) {

    /** LDM's epsilon. */
    public static final float DEFAULT_EPS = 1e-6f;

    public static GroupNorm create(Parameters params, String name, int channels, int groups) {
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException("group norm '" + name + "': " + groups + " groups must divide "
                    + channels + " channels");
        }
        return new GroupNorm(params.constant(name + ".weight", 1f, channels), params.constant(name + ".bias", 0f,
                channels), groups, DEFAULT_EPS);
    }

    public int channels() {
        return Math.toIntExact(gamma.getShape().get(0));
    }

    /** x [B, C, H, W] -> normalised [B, C, H, W] on x's manager. */
    public NDArray forward(NDArray x) {
        Shape s = x.getShape();
        int c = channels();
        if (s.dimension() != 4 || s.get(1) != c) {
            throw new IllegalArgumentException("group norm expects [B, " + c + ", H, W], got " + s);
        }
        long perGroup = c / groups * s.get(2) * s.get(3);
        NDArray unit = x.getManager().ones(new Shape(perGroup));
        NDArray zero = x.getManager().zeros(new Shape(perGroup));
        NDArray normed = LayerNorm.layerNorm(x.reshape(s.get(0), groups, perGroup), new Shape(perGroup), unit, zero,
                eps).singletonOrThrow().reshape(s);
        // the [C, 1, 1] views of gamma and beta are made inside this step's graph and handed to x's manager, so they
        // are freed with the step instead of piling up on the parameters' manager
        NDArray g = gamma.reshape(c, 1, 1);
        NDArray b = beta.reshape(c, 1, 1);
        g.attach(x.getManager());
        b.attach(x.getManager());
        return normed.mul(g).add(b);
    }
}
