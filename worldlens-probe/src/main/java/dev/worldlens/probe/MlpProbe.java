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
 * ({@link PairMode#CONCAT_DELTA} by default), trained with MSE and Adam on the DJL PyTorch engine.
 *
 * <ul>
 *   <li>Inputs and targets are standardised per column with the training pairs' mean and population std (floor
 *       1e-6); predictions are mapped back to the original units.</li>
 *   <li>From {@code new SplittableRandom(seed)} two streams are split: the first initialises the layers like
 *       PyTorch's nn.Linear (uniform in +-1/sqrt(fan_in), weight then bias, layer by layer), the second draws the
 *       minibatches by epoch shuffles (every pair once per epoch, batches may straddle epochs).</li>
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
        return fit(inputs, train.targets(), seed);
    }

    /** Fits on input rows directly (e.g. for benchmarks); rows of {@code inputs} pair with rows of targets. */
    public Fitted fit(float[][] inputs, float[][] targets, long seed) {
        int n = inputs.length;
        if (n == 0 || targets.length != n) {
            throw new IllegalArgumentException("need equally many (and some) input and target rows, got " + n
                    + " and " + targets.length);
        }
        int din = inputs[0].length;
        int a = targets[0].length;
        Torch.setThreads(config.threads());
        Standardizer xs = Standardizer.fit(inputs, Standardizer.DEFAULT_STD_FLOOR);
        Standardizer ys = Standardizer.fit(targets, Standardizer.DEFAULT_STD_FLOOR);
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom initRng = root.split();
        SplittableRandom batchRng = root.split();
        MinibatchFit.Result training = new MinibatchFit(config.steps(), config.batch(), config.lr())
                .fit(n, batchRng, (base, params) -> {
                    List<Linear> layers = define(params, din, a, initRng);
                    NDArray x = base.create(xs.applyFlat(inputs), new Shape(n, din));
                    NDArray y = base.create(ys.applyFlat(targets), new Shape(n, a));
                    return rows -> forward(layers, Rows.gather(x, rows)).sub(Rows.gather(y, rows)).square().mean();
                });
        return new Fitted(config, din, a, xs, ys, training);
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
