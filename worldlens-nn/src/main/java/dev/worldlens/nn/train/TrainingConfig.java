package dev.worldlens.nn.train;

/**
 * How a {@link TrainingLoop} runs: steps, the optimizer (AdamW with these betas and decoupled weight decay), the
 * schedule, and how often it logs and checkpoints. {@code checkpointEvery} must be a multiple of {@code logEvery}
 * so a resumed run's log rows cover the same windows as an uninterrupted run's.
 */
public record TrainingConfig(int steps, double learningRate, int warmupSteps, double lrFloor, double beta1,
                             double beta2, double weightDecay, int logEvery, int checkpointEvery, long seed) {

    public TrainingConfig {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (logEvery < 1 || checkpointEvery < 1 || checkpointEvery % logEvery != 0) {
            throw new IllegalArgumentException("checkpoint interval " + checkpointEvery + " must be a positive "
                    + "multiple of the log interval " + logEvery);
        }
    }

    /** AdamW(0.9, 0.95), weight decay 0.05 (MAE/JEPA), 5% warm-up, cosine to 1%, log every 10, checkpoint every 100. */
    public static TrainingConfig defaults(int steps, double learningRate, long seed) {
        return new TrainingConfig(steps, learningRate, Math.max(1, steps / 20), 0.01, 0.9, 0.95, 0.05,
                Math.min(10, steps), checkpointInterval(steps), seed);
    }

    /** About every 100 steps, a multiple of the 10-step log interval. */
    private static int checkpointInterval(int steps) {
        int log = Math.min(10, steps);
        int every = Math.max(log, Math.min(100, steps) / log * log);
        return every;
    }

    public TrainingConfig withSteps(int newSteps) {
        return new TrainingConfig(newSteps, learningRate, warmupSteps, lrFloor, beta1, beta2, weightDecay, logEvery,
                checkpointEvery, seed);
    }

    public TrainingConfig withWeightDecay(double decay) {
        return new TrainingConfig(steps, learningRate, warmupSteps, lrFloor, beta1, beta2, decay, logEvery,
                checkpointEvery, seed);
    }

    public TrainingConfig withCheckpointEvery(int every) {
        return new TrainingConfig(steps, learningRate, warmupSteps, lrFloor, beta1, beta2, weightDecay, logEvery,
                every, seed);
    }

    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(learningRate, warmupSteps, steps, lrFloor);
    }
}
