package dev.worldlens.probe;

import dev.worldlens.core.InvalidInputException;

/**
 * Settings of the MLP inverse-dynamics probe (study section 5.1: D -> 256 -> 128 -> A, 3,000 steps).
 *
 * @param hidden    widths of the ReLU hidden layers, in order (the study: 256, 128)
 * @param steps     Adam steps
 * @param batch     pairs per step, drawn by epoch shuffles (see {@link dev.worldlens.nn.Minibatches})
 * @param lr        Adam learning rate (betas 0.9/0.999, eps 1e-8)
 * @param mode      how a pair becomes an input row
 * @param threads   PyTorch intra-op threads to set before fitting (process wide); 0 leaves the engine's setting
 * @param weightDecay   AdamW's decoupled weight decay (each step p -= lr * wd * p, outside Adam's scaling, as
 *                      PyTorch's AdamW; an L2 term in the loss would be rescaled away by Adam's per-weight step);
 *                      the default 1e-2 is PyTorch's AdamW default: a decoupled 1e-4 would shrink the weights by
 *                      0.03% over 3,000 steps at lr 1e-3, i.e. do nothing
 * @param earlyStopping validation split and patience ({@link EarlyStopping#NONE} to train every step)
 */
public record MlpProbeConfig(int[] hidden, int steps, int batch, double lr, PairMode mode, int threads,
                             double weightDecay, EarlyStopping earlyStopping) {
    public MlpProbeConfig {
        if (!(weightDecay >= 0)) {
            throw new InvalidInputException("probe.weightDecay", "expected a decay of at least 0, got " + weightDecay);
        }
        if (earlyStopping == null) {
            earlyStopping = EarlyStopping.NONE;
        }
        hidden = hidden.clone();
        for (int h : hidden) {
            if (h <= 0) {
                throw new IllegalArgumentException("hidden widths must be positive, got " + h);
            }
        }
        if (steps < 0 || batch <= 0 || !(lr > 0) || mode == null || threads < 0) {
            throw new IllegalArgumentException("need steps >= 0, batch > 0, lr > 0, a pair mode and threads >= 0");
        }
    }

    /** Plain Adam for every step (the probe before issue 16's protocol). */
    public MlpProbeConfig(int[] hidden, int steps, int batch, double lr, PairMode mode, int threads) {
        this(hidden, steps, batch, lr, mode, threads, 0, EarlyStopping.NONE);
    }

    /**
     * The study's probe: 256, 128; at most 3,000 steps; AdamW 3e-4, decay 1e-2; early stopping on 15%, checked every
     * 10 steps. At lr 1e-3 with checks every 100 steps the best check was the first one for every learned encoder
     * (the held-out error only rose after it), and the probe-seed std reached 0.15; at 3e-4 with checks every 10 the
     * optimum is found between checks and the std stays at or below 0.03 for 36 of 40 quick results (BENCHMARKS.md,
     * "The MLP probe's step size").
     */
    public static MlpProbeConfig defaults() {
        return new MlpProbeConfig(new int[]{256, 128}, 3000, 256, 3e-4, PairMode.CONCAT_DELTA, 0, 1e-2,
                EarlyStopping.defaults());
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    public MlpProbeConfig withSteps(int s) {
        return new MlpProbeConfig(hidden, s, batch, lr, mode, threads, weightDecay, earlyStopping);
    }

    public MlpProbeConfig withBatch(int b) {
        return new MlpProbeConfig(hidden, steps, b, lr, mode, threads, weightDecay, earlyStopping);
    }

    public MlpProbeConfig withLearningRate(double l) {
        return new MlpProbeConfig(hidden, steps, batch, l, mode, threads, weightDecay, earlyStopping);
    }

    public MlpProbeConfig withMode(PairMode m) {
        return new MlpProbeConfig(hidden, steps, batch, lr, m, threads, weightDecay, earlyStopping);
    }

    public MlpProbeConfig withHidden(int... h) {
        return new MlpProbeConfig(h, steps, batch, lr, mode, threads, weightDecay, earlyStopping);
    }

    public MlpProbeConfig withThreads(int t) {
        return new MlpProbeConfig(hidden, steps, batch, lr, mode, t, weightDecay, earlyStopping);
    }

    public MlpProbeConfig withWeightDecay(double wd) {
        return new MlpProbeConfig(hidden, steps, batch, lr, mode, threads, wd, earlyStopping);
    }

    public MlpProbeConfig withEarlyStopping(EarlyStopping e) {
        return new MlpProbeConfig(hidden, steps, batch, lr, mode, threads, weightDecay, e);
    }

    /** Trainable parameters for the given input and output widths (weights and biases). */
    public long parameterCount(int inputWidth, int actionDim) {
        long n = 0;
        int in = inputWidth;
        for (int h : hidden) {
            n += (long) in * h + h;
            in = h;
        }
        return n + (long) in * actionDim + actionDim;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpProbeConfig c && java.util.Arrays.equals(hidden, c.hidden) && steps == c.steps
                && batch == c.batch && lr == c.lr && mode == c.mode && threads == c.threads
                && weightDecay == c.weightDecay && earlyStopping.equals(c.earlyStopping);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Arrays.hashCode(hidden), steps, batch, lr, mode, threads,
                weightDecay, earlyStopping);
    }

    @Override
    public String toString() {
        return "MlpProbeConfig[hidden=" + java.util.Arrays.toString(hidden) + ", steps=" + steps + ", batch=" + batch
                + ", lr=" + lr + ", mode=" + mode + ", threads=" + threads + ", weightDecay=" + weightDecay
                + ", earlyStopping=" + earlyStopping + "]";
    }
}
