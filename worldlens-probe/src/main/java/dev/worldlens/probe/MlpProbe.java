package dev.worldlens.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Rows;
import dev.worldlens.nn.Standardizer;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.MinibatchFit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The study's frozen-feature probe (section 5.1): an MLP D_in -> 256 -> 128 -> A with ReLU on pair inputs
 * ({@link PairMode#CONCAT_DELTA} by default), trained with MSE and AdamW (decoupled weight decay) on the DJL PyTorch
 * engine, with early stopping on held-back training episodes ({@link EarlyStopping}; the fitted probe reports the
 * step its weights are from, {@link FittedNetworkProbe#chosenStep}).
 *
 * <ul>
 *   <li>Inputs and targets are standardised per column with the training pairs' mean and population std (floor
 *       1e-6); predictions are mapped back to the original units.</li>
 *   <li>From {@code new SplittableRandom(seed)} two streams are split: the first initialises the layers like
 *       PyTorch's nn.Linear (uniform in +-1/sqrt(fan_in), weight then bias, layer by layer), the second draws the
 *       minibatches by epoch shuffles (every pair once per epoch, batches may straddle epochs); a third stream
 *       draws the validation episodes.</li>
 *   <li>Validation episodes neither train nor enter the standardisation statistics; the kept weights are those of
 *       the best validation MSE, trained on the other episodes (no refit on all of them).</li>
 *   <li>The standardised training set and all minibatch indices go to the engine once; each step gathers its
 *       batch with an index view and runs inside a sub-manager closed at the end of the step
 *       ({@link MinibatchFit}).</li>
 *   <li>Deterministic for a seed at a fixed number of intra-op threads (set {@link MlpProbeConfig#threads}).</li>
 * </ul>
 */
public record MlpProbe(MlpProbeConfig config) implements Probe {
    public MlpProbe() {
        this(MlpProbeConfig.defaults());
    }

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public Fitted fit(PairSet train, long seed) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("cannot fit a probe on no pairs");
        }
        Torch.setThreads(config.threads());
        float[][] inputs = train.inputs(config.mode());
        return fit(inputs, train.targets(), config.earlyStopping().enabled() ? train.episodeOf() : null, seed);
    }

    /**
     * Fits on input rows directly (e.g. for benchmarks); rows of {@code inputs} pair with rows of targets. Without
     * episodes there is nothing to hold back by, so this trains every step, whatever the early-stopping setting.
     */
    public Fitted fit(float[][] inputs, float[][] targets, long seed) {
        return fit(inputs, targets, null, seed);
    }

    /**
     * Fits on input rows, {@code episodes[i]} naming row i's episode: with early stopping on, a share of the
     * episodes is held back for validation (drawn with the seed); null trains on every row for every step.
     */
    public Fitted fit(float[][] inputs, float[][] targets, int[] episodes, long seed) {
        int n = inputs.length;
        if (n == 0 || targets.length != n) {
            throw new IllegalArgumentException("need equally many (and some) input and target rows, got " + n
                    + " and " + targets.length);
        }
        if (episodes != null && episodes.length != n) {
            throw new IllegalArgumentException("need an episode per row, got " + episodes.length + " for " + n);
        }
        Torch.setThreads(config.threads());
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom initRng = root.split();
        SplittableRandom batchRng = root.split();
        // a third stream, split after the first two, so the initialisation and batches of a seed are the same with
        // and without early stopping
        SplittableRandom validationRng = root.split();
        boolean[] validation = episodes == null ? null
                : config.earlyStopping().validationRows(episodes, validationRng);
        float[][] trainX = validation == null ? inputs : rows(inputs, validation, false);
        float[][] trainY = validation == null ? targets : rows(targets, validation, false);
        int din = inputs[0].length;
        int a = targets[0].length;
        int nTrain = trainX.length;
        // statistics of the rows that train only: the validation episodes are as unseen as the test's
        Standardizer xs = Standardizer.fit(trainX, Standardizer.DEFAULT_STD_FLOOR);
        Standardizer ys = Standardizer.fit(trainY, Standardizer.DEFAULT_STD_FLOOR);
        MinibatchFit fit = new MinibatchFit(config.steps(), config.batch(), config.lr())
                .withWeightDecay(config.weightDecay());
        MinibatchFit.Result training;
        if (validation == null) {
            training = fit.fit(nTrain, batchRng, (base, params) -> {
                List<Linear> layers = define(params, din, a, initRng);
                NDArray x = base.create(xs.applyFlat(trainX), new Shape(nTrain, din));
                NDArray y = base.create(ys.applyFlat(trainY), new Shape(nTrain, a));
                return rows -> forward(layers, Rows.gather(x, rows)).sub(Rows.gather(y, rows)).square().mean();
            });
        } else {
            float[][] valX = rows(inputs, validation, true);
            float[][] valY = rows(targets, validation, true);
            EarlyStopping stop = config.earlyStopping();
            training = fit.fit(nTrain, batchRng, (base, params) -> {
                List<Linear> layers = define(params, din, a, initRng);
                NDArray x = base.create(xs.applyFlat(trainX), new Shape(nTrain, din));
                NDArray y = base.create(ys.applyFlat(trainY), new Shape(nTrain, a));
                NDArray vx = base.create(xs.applyFlat(valX), new Shape(valX.length, din));
                NDArray vy = base.create(ys.applyFlat(valY), new Shape(valY.length, a));
                MinibatchFit.BatchLoss loss = rows -> forward(layers, Rows.gather(x, rows))
                        .sub(Rows.gather(y, rows)).square().mean();
                // the validation MSE in standardised units, like the training loss; forward on a view of vx so
                // the intermediates land on the evaluation's scope
                return new MinibatchFit.Objectives(loss, scope -> {
                    NDArray v = vx.duplicate();
                    v.attach(scope);
                    return forward(layers, v).sub(vy).square().mean().getFloat();
                });
            }, stop.every(), stop.patience());
        }
        return new Fitted(config, din, a, xs, ys, training);
    }

    private static float[][] rows(float[][] all, boolean[] validation, boolean wanted) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            if (validation[i] == wanted) {
                out.add(all[i]);
            }
        }
        return out.toArray(new float[0][]);
    }

    private static List<Linear> define(Parameters params, int din, int a, SplittableRandom rng, int[] hidden) {
        List<Linear> layers = new ArrayList<>();
        int in = din;
        for (int i = 0; i < hidden.length; i++) {
            layers.add(Linear.create(params, "fc" + i, in, hidden[i], rng));
            in = hidden[i];
        }
        layers.add(Linear.create(params, "out", in, a, rng));
        return layers;
    }

    private List<Linear> define(Parameters params, int din, int a, SplittableRandom rng) {
        return define(params, din, a, rng, config.hidden());
    }

    /** The network on standardised rows; every intermediate lives on x's manager. */
    private static NDArray forward(List<Linear> layers, NDArray x) {
        NDArray h = x;
        for (int i = 0; i < layers.size() - 1; i++) {
            h = Activation.relu(layers.get(i).forward(h));
        }
        return layers.get(layers.size() - 1).forward(h);
    }

    /** A fitted MLP probe: weights held as bytes in Java, loaded onto a scoped manager for each prediction. */
    public record Fitted(MlpProbeConfig config, int inputWidth, int actionDim, Standardizer inputStats,
                         Standardizer targetStats, MinibatchFit.Result training) implements FittedNetworkProbe {
        private static final int PREDICT_BATCH = 4096;

        @Override
        public float[][] predict(PairSet pairs) {
            if (pairs.frames().width() > 0 && pairs.inputWidth(config.mode()) != inputWidth) {
                throw new IllegalArgumentException("the probe was fitted on inputs of width " + inputWidth
                        + ", these pairs give " + pairs.inputWidth(config.mode()));
            }
            return predict(pairs.inputs(config.mode()));
        }

        /** Predictions for input rows of the fitted width, in the targets' original units. */
        public float[][] predict(float[][] inputs) {
            float[][] out = new float[inputs.length][];
            if (inputs.length == 0) {
                return out;
            }
            Torch.setThreads(config.threads());
            try (NDManager base = Torch.newManager(); Parameters params = new Parameters(base)) {
                List<Linear> layers = define(params, inputWidth, actionDim, new SplittableRandom(0),
                        config.hidden());
                training.loadInto(params, "fitted MLP probe");
                for (int from = 0; from < inputs.length; from += PREDICT_BATCH) {
                    int to = Math.min(inputs.length, from + PREDICT_BATCH);
                    float[][] chunk = java.util.Arrays.copyOfRange(inputs, from, to);
                    for (float[] row : chunk) {
                        if (row.length != inputWidth) {
                            throw new IllegalArgumentException("input rows must have width " + inputWidth
                                    + ", got " + row.length);
                        }
                    }
                    try (NDManager scope = base.newSubManager()) {
                        NDArray x = scope.create(inputStats.applyFlat(chunk), new Shape(to - from, inputWidth));
                        float[][] y = targetStats.invertFlat(forward(layers, x).toFloatArray());
                        System.arraycopy(y, 0, out, from, y.length);
                    }
                }
            }
            return out;
        }
    }
}
