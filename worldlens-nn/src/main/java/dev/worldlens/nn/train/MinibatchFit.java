package dev.worldlens.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.worldlens.nn.Adam;
import dev.worldlens.nn.Minibatches;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Torch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * Fits a small network on a fixed training set held on the engine, by Adam with PyTorch's defaults (or AdamW's
 * decoupled weight decay when one is given) and a constant learning rate over a fixed number of minibatch steps (the probes' loop; {@link TrainingLoop} is the one for long
 * runs, with schedules, logs and checkpoints).
 *
 * <ul>
 *   <li>The {@link Setup} defines the parameters and puts the training set on the engine, once, on a manager closed
 *       when the fit ends.</li>
 *   <li>All minibatch indices are drawn up front by {@link Minibatches#schedule} from the given random stream (epoch
 *       shuffles) and go to the engine once; each step takes its row of them and computes the {@link BatchLoss}
 *       inside a sub-manager closed at the end of the step.</li>
 *   <li>The result keeps the weights as bytes in Java, with the last step's loss and the wall time.</li>
 *   <li>With a {@link ValidatedSetup} the fit also evaluates a validation loss every {@code every} steps, keeps a
 *       copy (bytes) of the weights at the best one, stops once {@code patience} steps pass without a better one,
 *       and returns the best weights with the step they are from (early stopping).</li>
 *   <li>Weight decay, when set, is AdamW's decoupled decay (p -= lr * wd * p each step, outside the adaptive
 *       scaling), not an L2 term in the loss.</li>
 * </ul>
 */
public final class MinibatchFit {
    /** The loss of one minibatch (a scalar to minimise) from its row indices [batch] (int64, on the step's manager). */
    @FunctionalInterface
    public interface BatchLoss {
        NDArray of(NDArray rows);
    }

    /** Defines the parameters in {@code params} and puts the training set on {@code base}; returns the batch loss. */
    @FunctionalInterface
    public interface Setup {
        BatchLoss define(NDManager base, Parameters params);
    }

    /** A validation loss of the current weights (a scalar to minimise), its temporaries on {@code scope}. */
    @FunctionalInterface
    public interface Evaluation {
        double of(NDManager scope);
    }

    /** The batch loss and the validation loss of one network. */
    public record Objectives(BatchLoss batch, Evaluation validation) {
    }

    /** As {@link Setup}, also defining the validation loss (on the same parameters). */
    @FunctionalInterface
    public interface ValidatedSetup {
        Objectives define(NDManager base, Parameters params);
    }

    private final int steps;
    private final int batch;
    private final double lr;
    private final double weightDecay;

    public MinibatchFit(int steps, int batch, double lr) {
        this(steps, batch, lr, 0);
    }

    private MinibatchFit(int steps, int batch, double lr, double weightDecay) {
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        this.steps = steps;
        this.batch = batch;
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    /** The same fit with AdamW's decoupled weight decay {@code wd} (0: plain Adam). */
    public MinibatchFit withWeightDecay(double wd) {
        return new MinibatchFit(steps, batch, lr, wd);
    }

    /** Fits on {@code rows} training rows for all steps, drawing the batches from {@code batchRng}. */
    public Result fit(int rows, SplittableRandom batchRng, Setup setup) {
        return run(rows, batchRng, (base, params) -> new Objectives(setup.define(base, params), null), 0, 0);
    }

    /**
     * Fits with early stopping: the validation loss is evaluated after every {@code every} steps (and after the
     * last), the weights at the lowest one are kept, and training stops when {@code patience} steps have passed
     * since it; the result holds those weights and their step ({@link Result#chosenStep}).
     */
    public Result fit(int rows, SplittableRandom batchRng, ValidatedSetup setup, int every, int patience) {
        if (every <= 0 || patience <= 0) {
            throw new IllegalArgumentException("early stopping needs every > 0 and patience > 0, got " + every
                    + " and " + patience);
        }
        return run(rows, batchRng, setup, every, patience);
    }

    private Result run(int rows, SplittableRandom batchRng, ValidatedSetup setup, int every, int patience) {
        long t0 = System.nanoTime();
        try (NDManager base = Torch.newManager(); Parameters params = new Parameters(base)) {
            Objectives objectives = setup.define(base, params);
            Evaluation validation = objectives.validation();
            NDArray schedule = base.create(Minibatches.schedule(rows, batch, steps, batchRng), new Shape(steps, batch));
            Adam adam = new Adam(params, lr, 0.9, 0.999, 1e-8, weightDecay);
            float lastLoss = Float.NaN;
            byte[] best = null;
            double bestLoss = Double.NaN;
            int bestStep = steps;
            int ran = 0;
            for (int s = 0; s < steps; s++) {
                try (NDManager step = base.newSubManager()) {
                    NDArray indices = schedule.get(step, s);
                    try (GradientCollector collector = Torch.newGradientCollector()) {
                        NDArray loss = objectives.batch().of(indices);
                        collector.backward(loss);
                        // read back (a sync) only where the fit may end: the last step, or an evaluation
                        if (s == steps - 1 || (validation != null && (s + 1) % every == 0)) {
                            lastLoss = loss.getFloat();
                        }
                    }
                    adam.step();
                }
                ran = s + 1;
                if (validation != null && (ran % every == 0 || ran == steps)) {
                    double v;
                    try (NDManager scope = base.newSubManager()) {
                        v = validation.of(scope);
                    }
                    // strictly lower: on a tie the earlier (less trained) weights stay
                    if (best == null || v < bestLoss) {
                        bestLoss = v;
                        bestStep = ran;
                        best = save(params);
                    } else if (ran - bestStep >= patience) {
                        break;
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(best != null ? best : save(params), lastLoss, seconds, ran, bestStep, bestLoss);
        }
    }

    private static byte[] save(Parameters params) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            params.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A finished fit: the weights as bytes, the last step's loss and the wall time of the fit; with early stopping,
     * the steps run, the step whose weights were kept and its validation loss (otherwise the last step and NaN).
     */
    public static final class Result {
        private final byte[] weights;
        private final float finalLoss;
        private final double seconds;
        private final int stepsRun;
        private final int chosenStep;
        private final double validationLoss;

        Result(byte[] weights, float finalLoss, double seconds, int stepsRun, int chosenStep, double validationLoss) {
            this.weights = weights;
            this.finalLoss = finalLoss;
            this.seconds = seconds;
            this.stepsRun = stepsRun;
            this.chosenStep = chosenStep;
            this.validationLoss = validationLoss;
        }

        /** Optimiser steps taken (fewer than configured when early stopping ended the fit). */
        public int stepsRun() {
            return stepsRun;
        }

        /** The step after which the kept weights were taken (the last step without early stopping). */
        public int chosenStep() {
            return chosenStep;
        }

        /** The validation loss of the kept weights; NaN without early stopping. */
        public double validationLoss() {
            return validationLoss;
        }

        /** The loss of the last step's batch (the last step run, with early stopping). */
        public float finalLoss() {
            return finalLoss;
        }

        /** Wall time of the fit, from defining the parameters to the last step. */
        public double seconds() {
            return seconds;
        }

        /** Loads the fitted weights into {@code params}, defined as for the fit (same names and shapes). */
        public void loadInto(Parameters params, String source) {
            try {
                params.load(new ByteArrayInputStream(weights), source);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
