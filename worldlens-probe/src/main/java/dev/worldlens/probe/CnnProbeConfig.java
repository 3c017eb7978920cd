package dev.worldlens.probe;

import java.util.Arrays;
import java.util.Objects;

/**
 * Settings of the supervised pixel inverse-dynamics reference ({@link CnnProbe}).
 *
 * @param channels    output channels of the strided convolutions, in order (e.g. 32, 64, 64, 128: each halves the
 *                    side, so 64x64 frames end as 4x4 maps)
 * @param kernel      square kernel of every convolution (3 or 4); padding is (kernel - 1) / 2
 * @param stride      stride of every convolution (2 halves the side)
 * @param hidden      width of the ReLU layer between the flattened maps and the action outputs
 * @param steps       optimiser steps
 * @param batch       pairs per step, drawn by epoch shuffles (see {@link dev.worldlens.nn.Minibatches})
 * @param lr          learning rate (Adam betas 0.9/0.999, eps 1e-8)
 * @param weightDecay AdamW's decoupled weight decay (0: plain Adam)
 * @param threads     PyTorch intra-op threads to set before fitting (process wide); 0 leaves the engine's setting
 */
public record CnnProbeConfig(int[] channels, int kernel, int stride, int hidden, int steps, int batch, double lr,
                             double weightDecay, int threads) {
    public CnnProbeConfig {
        channels = channels.clone();
        if (channels.length == 0 || Arrays.stream(channels).anyMatch(c -> c <= 0)) {
            throw new IllegalArgumentException("cnn probe: channels must be one or more positive widths, got "
                    + Arrays.toString(channels));
        }
        if (kernel < 1 || stride < 1 || hidden < 1) {
            throw new IllegalArgumentException("cnn probe: kernel, stride and hidden must be positive, got kernel "
                    + kernel + ", stride " + stride + ", hidden " + hidden);
        }
        if (steps < 0 || batch <= 0 || !(lr > 0) || !(weightDecay >= 0) || threads < 0) {
            throw new IllegalArgumentException("cnn probe: need steps >= 0, batch > 0, lr > 0, weightDecay >= 0 and "
                    + "threads >= 0, got steps " + steps + ", batch " + batch + ", lr " + lr + ", weightDecay "
                    + weightDecay + ", threads " + threads);
        }
    }

    /**
     * Channels 32-64-64-128, kernel 3, stride 2, hidden 256, 3,000 steps of batch 64, lr 1e-3 and weight decay 1e-2
     * (AdamW's default in PyTorch). Kernel 3 rather than 4: the same map sizes for 9/16 of the multiply-adds, measured
     * 1.5x the steps per second of kernel 4 at 64x64 (CnnProbeBenchmark).
     */
    public static CnnProbeConfig defaults() {
        return new CnnProbeConfig(new int[]{32, 64, 64, 128}, 3, 2, 256, 3000, 64, 1e-3, 1e-2, 0);
    }

    @Override
    public int[] channels() {
        return channels.clone();
    }

    /** Zero padding of every convolution. */
    public int padding() {
        return (kernel - 1) / 2;
    }

    /** The side of the last convolution's maps for frames of {@code side} pixels (below 1: too small). */
    public int outputSide(int side) {
        int s = side;
        for (int ignored : channels) {
            s = Math.floorDiv(s + 2 * padding() - kernel, stride) + 1;
            if (s < 1) {
                return 0;
            }
        }
        return s;
    }

    public CnnProbeConfig withChannels(int... c) {
        return new CnnProbeConfig(c, kernel, stride, hidden, steps, batch, lr, weightDecay, threads);
    }

    public CnnProbeConfig withKernel(int k) {
        return new CnnProbeConfig(channels, k, stride, hidden, steps, batch, lr, weightDecay, threads);
    }

    public CnnProbeConfig withHidden(int h) {
        return new CnnProbeConfig(channels, kernel, stride, h, steps, batch, lr, weightDecay, threads);
    }

    public CnnProbeConfig withSteps(int s) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, s, batch, lr, weightDecay, threads);
    }

    public CnnProbeConfig withBatch(int b) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, steps, b, lr, weightDecay, threads);
    }

    public CnnProbeConfig withLearningRate(double l) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, steps, batch, l, weightDecay, threads);
    }

    public CnnProbeConfig withWeightDecay(double w) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, steps, batch, lr, w, threads);
    }

    public CnnProbeConfig withThreads(int t) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, steps, batch, lr, weightDecay, t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CnnProbeConfig c && Arrays.equals(channels, c.channels) && kernel == c.kernel
                && stride == c.stride && hidden == c.hidden && steps == c.steps && batch == c.batch && lr == c.lr
                && weightDecay == c.weightDecay && threads == c.threads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(channels), kernel, stride, hidden, steps, batch, lr, weightDecay, threads);
    }

    @Override
    public String toString() {
        return "CnnProbeConfig[channels=" + Arrays.toString(channels) + ", kernel=" + kernel + ", stride=" + stride
                + ", hidden=" + hidden + ", steps=" + steps + ", batch=" + batch + ", lr=" + lr + ", weightDecay="
                + weightDecay + ", threads=" + threads + "]";
    }
}
