package dev.worldlens.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.worldlens.core.Progress;
import dev.worldlens.nn.Adam;
import dev.worldlens.nn.Torch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The one training loop: AdamW with warm-up and cosine decay over a {@link TrainingObjective}, a loss log, and a
 * checkpoint every {@code checkpointEvery} steps and at the end. Started on a run folder that holds a checkpoint, it
 * resumes from it: weights, optimizer moments and step count are restored and each step draws its randomness from
 * (seed, step) alone, so the resumed run ends with the same weights as one that was never interrupted. Steps are
 * counted on one {@link Progress} bar per run, named by the caller, with the latest loss as its message.
 */
public final class TrainingLoop {
    private static final int MAX_SKIPPED_IN_A_ROW = 5;

    /**
     * Work a caller does after each step has been logged and checkpointed (PolicyTrainer validates there). It may
     * note what it found on the run's bar.
     */
    public interface AfterStep {
        void afterStep(int completedSteps, int totalSteps, Progress.Bar bar);
    }

    private final TrainingConfig config;

    public TrainingLoop(TrainingConfig config) {
        this.config = config;
    }

    /** What a finished (or resumed-and-finished) run reports. */
    /** What a run did; {@code skippedSteps} counts updates dropped for non-finite gradients in this call. */
    public record Outcome(int resumedFrom, int steps, double lastLoss, double seconds, long frames, int skippedSteps) {
        public double framesPerSecond() {
            return seconds > 0 ? frames / seconds : 0;
        }
    }

    /** The random source of one step: a function of the run's seed and the step number only. */
    public static SplittableRandom stepRandom(long seed, int step) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL);
    }

    private static double scalar(NDArray a) {
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }

    /** Runs (or resumes) the training in {@code runDir} without showing progress. */
    public Outcome run(TrainingObjective objective, Path runDir) {
        return run(objective, runDir, Progress.NONE, "train", null);
    }

    /**
     * Runs (or resumes) the training in {@code runDir}, counting steps on a bar named {@code stage} that starts at the
     * resumed step; a run already finished opens no bar.
     */
    public Outcome run(TrainingObjective objective, Path runDir, Progress progress, String stage) {
        return run(objective, runDir, progress, stage, null);
    }

    /**
     * As {@link #run(TrainingObjective, Path, Progress, String)}, calling {@code afterStep} (may be null) after every
     * step.
     */
    public Outcome run(TrainingObjective objective, Path runDir, Progress progress, String stage,
                       AfterStep afterStep) {
        try {
            Files.createDirectories(runDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + runDir, e);
        }
        Adam adam = new Adam(objective.trained(), config.learningRate(), config.beta1(), config.beta2(), 1e-8,
                config.weightDecay());
        int start = 0;
        Path latest = Checkpoint.latest(runDir);
        if (latest != null) {
            start = Checkpoint.load(latest, objective.trained(), objective.extraState(), adam);
            if (start > config.steps()) {
                throw new IllegalStateException(runDir + " holds a checkpoint after " + start + " steps, more than "
                        + "the " + config.steps() + " asked for");
            }
        }
        LossLog log = new LossLog(runDir);
        log.truncateTo(start);
        if (start == config.steps()) {
            return steps(objective, runDir, adam, start, log, Progress.Bar.NONE, afterStep);
        }
        try (Progress.Bar bar = progress.start(stage, config.steps(), start)) {
            return steps(objective, runDir, adam, start, log, bar, afterStep);
        }
    }

    private Outcome steps(TrainingObjective objective, Path runDir, Adam adam, int start, LossLog log,
                          Progress.Bar bar, AfterStep afterStep) {
        LearningRateSchedule schedule = config.schedule();
        Map<String, Double> window = new LinkedHashMap<>();
        double windowTotal = 0;
        int windowSteps = 0;
        double last = Double.NaN;
        int skipped = 0;
        int skippedInARow = 0;
        long frames = 0;
        long t0 = System.nanoTime();
        NDManager base = objective.trained().manager();
        for (int step = start; step < config.steps(); step++) {
            double lr = schedule.at(step);
            adam.setLearningRate(lr);
            try (NDManager scope = base.newSubManager()) {
                StepLoss loss;
                try (GradientCollector gc = Torch.newGradientCollector()) {
                    loss = objective.loss(step, stepRandom(config.seed(), step), scope);
                    gc.backward(loss.total());
                }
                last = scalar(loss.total());
                if (!Double.isFinite(last)) {
                    throw new IllegalStateException("loss became " + last + " at step " + step + " (terms "
                            + termValues(loss) + "; " + NonFiniteParameters.describe(objective.trained())
                            + "); lower the learning rate, or look for a division by a vanishing norm");
                }
                windowTotal += last;
                for (Map.Entry<String, NDArray> e : loss.terms().entrySet()) {
                    window.merge(e.getKey(), scalar(e.getValue()), Double::sum);
                }
                windowSteps++;
            }
            if (NonFiniteParameters.gradientsFinite(objective.trained())) {
                adam.step();
                skippedInARow = 0;
            } else {
                // a finite loss with a non-finite gradient: the update is dropped, as mixed-precision loss scalers
                // do, and counted. The one cause seen so far (now and then, not reproducibly) was a freed scalar read
                // by the backward pass, fixed by Scalars; the guard stays for genuine overflow
                adam.discardGradients();
                skipped++;
                skippedInARow++;
                System.err.printf("step %d: non-finite gradients with a finite loss %.4g; update skipped (%d so far)%n",
                        step, last, skipped);
                if (skippedInARow > MAX_SKIPPED_IN_A_ROW) {
                    throw new IllegalStateException(skippedInARow + " steps in a row ended with non-finite gradients "
                            + "(last at step " + step + "; " + NonFiniteParameters.describe(objective.trained())
                            + "); lower the learning rate");
                }
            }
            objective.afterStep(step, config.steps());
            frames += objective.framesPerStep();
            int done = step + 1;
            if (done % config.logEvery() == 0 || done == config.steps()) {
                Map<String, Double> means = new LinkedHashMap<>();
                for (Map.Entry<String, Double> e : window.entrySet()) {
                    means.put(e.getKey(), e.getValue() / windowSteps);
                }
                log.append(step, lr, windowTotal / windowSteps, means);
                window.clear();
                windowTotal = 0;
                windowSteps = 0;
            }
            if (done % config.checkpointEvery() == 0 || done == config.steps()) {
                Checkpoint.save(runDir, done, objective.trained(), objective.extraState(), adam);
            }
            bar.step(1);
            bar.message(String.format(Locale.ROOT, "loss %.4g", last));
            if (afterStep != null) {
                afterStep.afterStep(done, config.steps(), bar);
            }
        }
        return new Outcome(start, config.steps(), last, (System.nanoTime() - t0) / 1e9, frames, skipped);
    }

    private static String termValues(StepLoss loss) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, NDArray> e : loss.terms().entrySet()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(scalar(e.getValue()));
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }
}
