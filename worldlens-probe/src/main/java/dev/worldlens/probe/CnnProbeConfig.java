package dev.worldlens.probe;

import dev.worldlens.core.ActionSchema;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Stream;

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
 * @param shift       random-shift augmentation while training: the largest shift in pixels of the network's input
 *                    (after pooling), one offset per pair for both frames ({@link PairShift}); 0 turns it off
 * @param difference  feed [frame t, frame t+k - frame t] rather than [frame t, frame t+k]: the change is the signal,
 *                    so the first layer need not learn to subtract
 * @param pool        average-pool the frames pool x pool before the network (1: full resolution)
 * @param earlyStopping held-back training episodes and when to stop ({@link EarlyStopping#NONE}: every step)
 * @param reversible  time-reversal augmentation: the target columns that negate when a pair is shown backwards
 *                    ({@link TimeReversal}); empty turns it off
 */
public record CnnProbeConfig(int[] channels, int kernel, int stride, int hidden, int steps, int batch, double lr,
                             double weightDecay, int threads, int shift, boolean difference, int pool,
                             EarlyStopping earlyStopping, int[] reversible) {
    public CnnProbeConfig {
        channels = channels.clone();
        reversible = reversible.clone();
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
        if (shift < 0 || pool < 1) {
            throw new IllegalArgumentException("cnn probe: need shift >= 0 and pool >= 1, got shift " + shift
                    + ", pool " + pool);
        }
        Objects.requireNonNull(earlyStopping, "earlyStopping");
    }

    /**
     * Channels 32-64-64-128, kernel 3, stride 2, hidden 256, 3,000 steps of batch 64, lr 1e-3 and weight decay 1e-2
     * (AdamW's default in PyTorch), the engine's threads as they are (a probe that set them would change every later
     * fit of the process, and a resumed study would then differ from an uninterrupted one); frames pooled 2x
     * (32x32), shifted by up to 2 pixels, stacked as [t, t+k]; no early stopping and no time reversal (which needs the schema: {@link #withMotionOf}). Measured on
     * the study's pixels, split seed 1's held-out families, 1,000 steps (CnnProbeStudyDataExperiment): the old
     * settings (64x64, no augmentation) memorised the training tasks (headline R^2 -0.04 at 32x32), time reversal
     * took it to 0.81, the shift to 0.83 (translation 0.80, rotation 0.81, gripper 0.88); difference channels and
     * early stopping gave nothing once reversal was on. Kernel 3 rather than 4: the same map sizes for 9/16 of the
     * multiply-adds (CnnProbeBenchmark).
     */
    public static CnnProbeConfig defaults() {
        return new CnnProbeConfig(new int[]{32, 64, 64, 128}, 3, 2, 256, 3000, 64, 1e-3, 1e-2, 0, 2, false, 2,
                EarlyStopping.NONE, new int[0]);
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
        return new CnnProbeConfig(c, kernel, stride, hidden, steps, batch, lr, weightDecay, threads, shift,
                difference, pool, earlyStopping, reversible);
    }

    public CnnProbeConfig withKernel(int k) {
        return new CnnProbeConfig(channels, k, stride, hidden, steps, batch, lr, weightDecay, threads, shift,
                difference, pool, earlyStopping, reversible);
    }

    public CnnProbeConfig withHidden(int h) {
        return new CnnProbeConfig(channels, kernel, stride, h, steps, batch, lr, weightDecay, threads, shift,
                difference, pool, earlyStopping, reversible);
    }

    public CnnProbeConfig withSteps(int s) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, s, batch, lr, weightDecay, threads, shift,
                difference, pool, earlyStopping, reversible);
    }

    public CnnProbeConfig withBatch(int b) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, steps, b, lr, weightDecay, threads, shift,
                difference, pool, earlyStopping, reversible);
    }

    public CnnProbeConfig withLearningRate(double l) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, steps, batch, l, weightDecay, threads, shift,
                difference, pool, earlyStopping, reversible);
    }

    public CnnProbeConfig withWeightDecay(double w) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, steps, batch, lr, w, threads, shift,
                difference, pool, earlyStopping, reversible);
    }

    public CnnProbeConfig withThreads(int t) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, steps, batch, lr, weightDecay, t, shift,
                difference, pool, earlyStopping, reversible);
    }

    public CnnProbeConfig withShift(int s) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, steps, batch, lr, weightDecay, threads, s,
                difference, pool, earlyStopping, reversible);
    }

    public CnnProbeConfig withDifference(boolean d) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, steps, batch, lr, weightDecay, threads, shift,
                d, pool, earlyStopping, reversible);
    }

    public CnnProbeConfig withPool(int p) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, steps, batch, lr, weightDecay, threads, shift,
                difference, p, earlyStopping, reversible);
    }

    public CnnProbeConfig withEarlyStopping(EarlyStopping e) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, steps, batch, lr, weightDecay, threads, shift,
                difference, pool, e, reversible);
    }

    /**
     * Time reversal over the schema's translation and rotation columns (what reversing the frames negates; the
     * gripper command it does not), or none where the schema has neither group.
     */
    public CnnProbeConfig withMotionOf(ActionSchema schema) {
        return withReversible(Stream.of(ActionSchema.TRANSLATION, ActionSchema.ROTATION)
                .filter(g -> schema.groups().containsKey(g)).flatMap(g -> schema.groups().get(g).stream())
                .mapToInt(Integer::intValue).sorted().toArray());
    }

    public CnnProbeConfig withReversible(int... r) {
        return new CnnProbeConfig(channels, kernel, stride, hidden, steps, batch, lr, weightDecay, threads, shift,
                difference, pool, earlyStopping, r);
    }

    @Override
    public int[] reversible() {
        return reversible.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CnnProbeConfig c && Arrays.equals(channels, c.channels) && kernel == c.kernel
                && stride == c.stride && hidden == c.hidden && steps == c.steps && batch == c.batch && lr == c.lr
                && weightDecay == c.weightDecay && threads == c.threads && shift == c.shift
                && difference == c.difference && pool == c.pool && earlyStopping.equals(c.earlyStopping)
                && Arrays.equals(reversible, c.reversible);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(channels), kernel, stride, hidden, steps, batch, lr, weightDecay, threads,
                shift, difference, pool, earlyStopping, Arrays.hashCode(reversible));
    }

    @Override
    public String toString() {
        return "CnnProbeConfig[channels=" + Arrays.toString(channels) + ", kernel=" + kernel + ", stride=" + stride
                + ", hidden=" + hidden + ", steps=" + steps + ", batch=" + batch + ", lr=" + lr + ", weightDecay="
                + weightDecay + ", threads=" + threads + ", shift=" + shift + ", difference=" + difference + ", pool="
                + pool + ", earlyStopping=" + earlyStopping + ", reversible="
                + Arrays.toString(reversible) + "]";
    }
}
