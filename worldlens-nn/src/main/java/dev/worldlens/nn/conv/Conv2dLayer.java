package dev.worldlens.nn.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.worldlens.nn.Parameters;

import java.util.SplittableRandom;

/**
 * A 2-D convolution over [B, C, H, W] with PyTorch's layout (weight [out, in/groups, k, k], bias [out]) and
 * PyTorch's default {@code nn.Conv2d} initialisation: kaiming-uniform with a = sqrt(5), i.e. weight and bias uniform
 * in [-1/sqrt(fanIn), 1/sqrt(fanIn)] with fanIn = in/groups * k * k, drawn from Java's SplittableRandom so a seed
 * gives the same weights on every engine. Parameters are named {@code name.weight} and {@code name.bias}.
 *
 * <p>Square kernels, symmetric zero padding, the same stride on both axes. {@code groups} splits the channels into
 * independent convolutions (1: a full convolution; in == out == groups: depthwise). The result lives on the manager
 * of the input (DJL's functional {@link Conv2d#conv2d}), so keep inputs on a per-step scope.
 *
 * @param weight  [out, in/groups, kernel, kernel]
 * @param bias    [out]
 * @param stride  step between output positions, in input pixels
 * @param padding zeros added on every side
 * @param groups  channel groups
 */
public record Conv2dLayer(NDArray weight, NDArray bias, int stride, int padding, int groups) {

    public Conv2dLayer {
        if (stride < 1 || padding < 0 || groups < 1) {
            throw new IllegalArgumentException("conv stride " + stride + ", padding " + padding + ", groups "
                    + groups + ": stride and groups must be positive, padding non-negative");
        }
    }

    /**
     * Defines the layer's parameters in {@code params} (weight first, then bias, both from {@code rng}). {@code in}
     * and {@code out} must be multiples of {@code groups}.
     */
    public static Conv2dLayer create(Parameters params, String name, int in, int out, int kernel, int stride,
                                     int padding, int groups, SplittableRandom rng) {
        if (kernel < 1 || groups < 1 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("conv '" + name + "': kernel " + kernel + ", channels " + in + " -> "
                    + out + " must be multiples of groups " + groups);
        }
        double bound = 1.0 / Math.sqrt((double) in / groups * kernel * kernel);
        NDArray w = params.uniform(name + ".weight", bound, rng, out, in / groups, kernel, kernel);
        NDArray b = params.uniform(name + ".bias", bound, rng, out);
        return new Conv2dLayer(w, b, stride, padding, groups);
    }

    /** A stride-1 convolution that keeps the spatial size ({@code kernel} odd, padding kernel/2), one group. */
    public static Conv2dLayer same(Parameters params, String name, int in, int out, int kernel,
                                   SplittableRandom rng) {
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException("conv '" + name + "': a size-preserving kernel must be odd, got "
                    + kernel);
        }
        return create(params, name, in, out, kernel, 1, kernel / 2, 1, rng);
    }

    /** x [B, in, H, W] -> [B, out, H', W'] with H' = {@link #outputSize}(H). */
    public NDArray forward(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != inChannels()) {
            throw new IllegalArgumentException("conv expects [B, " + inChannels() + ", H, W], got " + s);
        }
        return Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding),
                new Shape(1, 1), groups).singletonOrThrow();
    }

    public int inChannels() {
        return Math.toIntExact(weight.getShape().get(1)) * groups;
    }

    public int outChannels() {
        return Math.toIntExact(weight.getShape().get(0));
    }

    public int kernel() {
        return Math.toIntExact(weight.getShape().get(2));
    }

    /** Output side for an input side (PyTorch's floor((n + 2p - k) / s) + 1). */
    public int outputSize(int inputSize) {
        return (inputSize + 2 * padding - kernel()) / stride + 1;
    }

    /** Forward FLOPs (2 per multiply-add; bias left out) on {@code batch} inputs of {@code height x width}. */
    public double flops(int batch, int height, int width) {
        double positions = (double) batch * outputSize(height) * outputSize(width);
        return 2.0 * positions * weight.getShape().size();
    }
}
