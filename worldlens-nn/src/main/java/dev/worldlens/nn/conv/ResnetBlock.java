package dev.worldlens.nn.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Parameters;

import java.util.SplittableRandom;

/**
 * The residual block of the DDPM/LDM UNets and the Stable Diffusion VAE ({@code ResnetBlock} in the
 * CompVis latent-diffusion code): {@code h = conv1(silu(norm1(x)))}, optionally plus a per-sample per-channel shift
 * (DDPM's time embedding, projected by the caller to [B, out]), {@code h = conv2(silu(norm2(h)))}, and the output
 * {@code shortcut(x) + h}, where the shortcut is a 1x1 convolution when the channel count changes and the identity
 * otherwise. Both convolutions are 3x3 and keep the spatial size. Dropout is left out (LDM's VAE uses none).
 *
 * <p>Parameters under {@code name.}: norm1, conv1, norm2, conv2 and, when in != out, nin_shortcut (LDM's names).
 */
public record ResnetBlock(GroupNorm norm1, Conv2dLayer conv1, GroupNorm norm2, Conv2dLayer conv2,
                          Conv2dLayer shortcut) {

    /** Draws conv1, conv2 and the shortcut (when needed) from {@code rng}, in that order. */
    public static ResnetBlock create(Parameters params, String name, int in, int out, int groups,
                                     SplittableRandom rng) {
        GroupNorm n1 = GroupNorm.create(params, name + ".norm1", in, groups);
        Conv2dLayer c1 = Conv2dLayer.same(params, name + ".conv1", in, out, 3, rng);
        GroupNorm n2 = GroupNorm.create(params, name + ".norm2", out, groups);
        Conv2dLayer c2 = Conv2dLayer.same(params, name + ".conv2", out, out, 3, rng);
        Conv2dLayer sc = in == out ? null : Conv2dLayer.same(params, name + ".nin_shortcut", in, out, 1, rng);
        return new ResnetBlock(n1, c1, n2, c2, sc);
    }

    public int inChannels() {
        return conv1.inChannels();
    }

    public int outChannels() {
        return conv2.outChannels();
    }

    /** x [B, in, H, W] -> [B, out, H, W]. */
    public NDArray forward(NDArray x) {
        return forward(x, null);
    }

    /** As {@link #forward(NDArray)}, adding {@code channelShift} [B, out] (may be null) after the first conv. */
    public NDArray forward(NDArray x, NDArray channelShift) {
        NDArray h = conv1.forward(Silu.apply(norm1.forward(x)));
        if (channelShift != null) {
            Shape s = channelShift.getShape();
            h = h.add(channelShift.reshape(s.get(0), s.get(1), 1, 1));
        }
        h = conv2.forward(Silu.apply(norm2.forward(h)));
        return (shortcut == null ? x : shortcut.forward(x)).add(h);
    }

    /** Forward FLOPs of the convolutions on {@code batch} inputs of {@code height x width}. */
    public double flops(int batch, int height, int width) {
        double f = conv1.flops(batch, height, width) + conv2.flops(batch, height, width);
        return shortcut == null ? f : f + shortcut.flops(batch, height, width);
    }
}
