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

    private final int steps;
    private final int batch;
    private final double lr;
    private final double weightDecay;

    public MinibatchFit(int steps, int batch, double lr) {
        this(steps, batch, lr, 0);
    }

    /** As {@link #MinibatchFit(int, int, double)} with AdamW's decoupled weight decay (0: plain Adam). */
    public MinibatchFit(int steps, int batch, double lr, double weightDecay) {
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        this.steps = steps;
        this.batch = batch;
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    /** Fits on {@code rows} training rows, drawing the batches from {@code batchRng}. */
    public Result fit(int rows, SplittableRandom batchRng, Setup setup) {
        long t0 = System.nanoTime();
        try (NDManager base = Torch.newManager(); Parameters params = new Parameters(base)) {
            BatchLoss batchLoss = setup.define(base, params);
            NDArray schedule = base.create(Minibatches.schedule(rows, batch, steps, batchRng), new Shape(steps, batch));
            Adam adam = new Adam(params, lr, 0.9, 0.999, 1e-8, weightDecay);
            float lastLoss = Float.NaN;
            for (int s = 0; s < steps; s++) {
                try (NDManager step = base.newSubManager()) {
                    NDArray indices = schedule.get(step, s);
                    try (GradientCollector collector = Torch.newGradientCollector()) {
                        NDArray loss = batchLoss.of(indices);
                        collector.backward(loss);
                        if (s == steps - 1) {
                            lastLoss = loss.getFloat();
                        }
                    }
                    adam.step();
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            params.save(bytes);
            return new Result(bytes.toByteArray(), lastLoss, seconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A finished fit: the weights as bytes, the last step's loss and the wall time of the fit. */
    public static final class Result {
        private final byte[] weights;
        private final float finalLoss;
        private final double seconds;

        Result(byte[] weights, float finalLoss, double seconds) {
            this.weights = weights;
            this.finalLoss = finalLoss;
            this.seconds = seconds;
        }

        /** The loss of the last step's batch. */
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
