package dev.worldlens.nn.train;

import ai.djl.ndarray.NDManager;
import dev.worldlens.nn.Parameters;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A model together with what it is trained to do, as the {@link TrainingLoop} sees it. The loop owns the optimizer,
 * the schedule, checkpoints and resumption; the objective owns the model and builds each step's loss.
 *
 * <p>Determinism: everything random in a step (the batch, masks, noise) must be drawn from the {@code rng} the loop
 * passes, which depends only on the run's seed and the step number; then a run resumed from a checkpoint takes
 * exactly the steps an uninterrupted run would.
 */
public interface TrainingObjective {

    /** The weights the optimizer updates. */
    Parameters trained();

    /**
     * Other weights that belong in a checkpoint but are not optimised (an EMA teacher or target encoder), by a short
     * file-safe name. Empty by default.
     */
    default Map<String, Parameters> extraState() {
        return Map.of();
    }

    /**
     * Builds the loss of step {@code step} inside the loop's gradient recording; every array it creates must live
     * on {@code scope} (attach inputs to it), which the loop closes after the update.
     */
    StepLoss loss(int step, SplittableRandom rng, NDManager scope);

    /** Called after the optimizer step (EMA updates go here). */
    default void afterStep(int step, int totalSteps) {
    }

    /** Forward FLOPs of one training step (for the achieved-GFLOP/s figure); 0 when unknown. */
    default double forwardFlopsPerStep() {
        return 0;
    }

    /** Frames (images) consumed by one step, for the frames-per-second figure. */
    int framesPerStep();
}
