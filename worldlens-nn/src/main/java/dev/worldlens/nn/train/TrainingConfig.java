package dev.worldlens.nn.train;

import dev.worldlens.core.Required;

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
        return builder().setSteps(steps).setLearningRate(learningRate).setSeed(seed).build();
    }

    /**
     * A builder: {@code steps}, {@code learningRate} and {@code seed} are required; every {@code opt*} field defaults
     * to {@link #defaults(int, double, long)}'s value (warm-up, log and checkpoint intervals derived from the steps).
     */
    public static Builder builder() {
        return new Builder();
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

    /** Required fields are set with {@code set*}, optional ones with {@code opt*}. */
    public static final class Builder {
        private Integer steps;
        private Double learningRate;
        private Long seed;
        private Integer warmupSteps;
        private double lrFloor = 0.01;
        private double beta1 = 0.9;
        private double beta2 = 0.95;
        private double weightDecay = 0.05;
        private Integer logEvery;
        private Integer checkpointEvery;

        private Builder() {
        }

        /** Optimizer steps (at least 1). */
        public Builder setSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /** Peak learning rate. */
        public Builder setLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** Seed of weights and batches. */
        public Builder setSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Linear warm-up steps (default: 5% of the steps, at least 1). */
        public Builder optWarmupSteps(int warmupSteps) {
            this.warmupSteps = warmupSteps;
            return this;
        }

        /** End of the cosine decay as a fraction of the peak (default 0.01). */
        public Builder optLrFloor(double lrFloor) {
            this.lrFloor = lrFloor;
            return this;
        }

        /** AdamW's beta1 (default 0.9). */
        public Builder optBeta1(double beta1) {
            this.beta1 = beta1;
            return this;
        }

        /** AdamW's beta2 (default 0.95). */
        public Builder optBeta2(double beta2) {
            this.beta2 = beta2;
            return this;
        }

        /** AdamW's decoupled weight decay (default 0.05). */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Steps per loss-log row (default: 10, or the steps when fewer). */
        public Builder optLogEvery(int logEvery) {
            this.logEvery = logEvery;
            return this;
        }

        /** Steps between checkpoints, a multiple of the log interval (default: about every 100 steps). */
        public Builder optCheckpointEvery(int checkpointEvery) {
            this.checkpointEvery = checkpointEvery;
            return this;
        }

        /**
         * @throws IllegalStateException    naming the required fields not set
         * @throws IllegalArgumentException naming an invalid field (steps, or the checkpoint and log intervals)
         */
        public TrainingConfig build() {
            Required.check("TrainingConfig", "steps", steps, "learningRate", learningRate, "seed", seed);
            if (steps < 1) {
                // checked before the intervals are derived from it
                throw new IllegalArgumentException("steps must be at least 1, got " + steps);
            }
            return new TrainingConfig(steps, learningRate, warmupSteps != null ? warmupSteps : Math.max(1, steps / 20),
                    lrFloor, beta1, beta2, weightDecay, logEvery != null ? logEvery : Math.min(10, steps),
                    checkpointEvery != null ? checkpointEvery : checkpointInterval(steps), seed);
        }
    }
}
