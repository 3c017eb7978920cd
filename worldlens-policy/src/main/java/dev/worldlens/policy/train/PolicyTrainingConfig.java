package dev.worldlens.policy.train;

import dev.worldlens.core.Required;
import dev.worldlens.nn.train.TrainingConfig;
import dev.worldlens.policy.vpp.VppConfig;

/**
 * Stage 2 of VPP: the Video Former and action head trained on frozen features. VPP's CALVIN recipe: AdamW lr 1e-4,
 * betas (0.9, 0.9), weight decay 0.05, warm-up then cosine decay, batch 76, validation action MSE after every epoch
 * and the best-validation checkpoint kept.
 *
 * @param policy            the policy's shape and seed
 * @param features          a description of the visual features (for config.yaml; they are passed apart)
 * @param steps             optimizer steps
 * @param batch             samples per step
 * @param learningRate      peak learning rate
 * @param warmupSteps       linear warm-up steps before the cosine decay
 * @param lrFloor           the decay's end as a fraction of the peak
 * @param weightDecay       AdamW's decoupled weight decay
 * @param logEvery          steps per loss-log row
 * @param validateEvery     steps between validations (a multiple of logEvery); a checkpoint is written at each
 * @param validationSamples held-out samples (spread evenly) whose sampled chunks are compared with the demonstration
 * @param cacheFeatures     compute each sample's frozen features once instead of at every step
 * @param seed              batches, noise and the validation's sampling noise
 */
public record PolicyTrainingConfig(VppConfig policy, String features, int steps, int batch, double learningRate,
                                   int warmupSteps, double lrFloor, double weightDecay, int logEvery,
                                   int validateEvery, int validationSamples, boolean cacheFeatures, long seed) {

    public PolicyTrainingConfig {
        if (steps < 1 || batch < 1 || validationSamples < 1 || warmupSteps < 0) {
            throw new IllegalArgumentException("policy training needs steps, batch and validation samples >= 1 and "
                    + "warm-up >= 0; got " + steps + ", " + batch + ", " + validationSamples + ", " + warmupSteps);
        }
        if (logEvery < 1 || validateEvery < 1 || validateEvery % logEvery != 0) {
            throw new IllegalArgumentException("validation interval " + validateEvery + " must be a positive multiple "
                    + "of the log interval " + logEvery);
        }
        if (!(learningRate > 0) || weightDecay < 0) {
            throw new IllegalArgumentException("learning rate must be positive and weight decay non-negative");
        }
    }

    /** VPP's optimizer settings; 3000 steps of batch 32, 2% warm-up, validation on 256 samples every 250 steps. */
    public static PolicyTrainingConfig defaults(VppConfig policy, String features) {
        return builder().setPolicy(policy).setFeatures(features).build();
    }

    /** A builder: the policy and the features are required, the rest starts at {@link #defaults}' values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to change some of them. */
    public Builder toBuilder() {
        return builder().setPolicy(policy).setFeatures(features).optSteps(steps).optBatch(batch)
                .optLearningRate(learningRate).optWarmupSteps(warmupSteps).optLrFloor(lrFloor)
                .optWeightDecay(weightDecay).optLogEvery(logEvery).optValidateEvery(validateEvery)
                .optValidationSamples(validationSamples).optCacheFeatures(cacheFeatures).optSeed(seed);
    }

    /** Steps, warm-up and validation interval; the log interval becomes the largest divisor of it up to 10. */
    public PolicyTrainingConfig withSteps(int n, int warmup, int validate) {
        int log = Math.max(1, Math.min(10, validate));
        while (validate % log != 0) {
            log--;
        }
        return new PolicyTrainingConfig(policy, features, n, batch, learningRate, warmup, lrFloor, weightDecay, log,
                validate, validationSamples, cacheFeatures, seed);
    }

    public PolicyTrainingConfig withBatch(int b) {
        return new PolicyTrainingConfig(policy, features, steps, b, learningRate, warmupSteps, lrFloor, weightDecay,
                logEvery, validateEvery, validationSamples, cacheFeatures, seed);
    }

    public PolicyTrainingConfig withLearningRate(double lr) {
        return new PolicyTrainingConfig(policy, features, steps, batch, lr, warmupSteps, lrFloor, weightDecay,
                logEvery, validateEvery, validationSamples, cacheFeatures, seed);
    }

    public PolicyTrainingConfig withValidationSamples(int n) {
        return new PolicyTrainingConfig(policy, features, steps, batch, learningRate, warmupSteps, lrFloor,
                weightDecay, logEvery, validateEvery, n, cacheFeatures, seed);
    }

    public PolicyTrainingConfig withCache(boolean cache) {
        return new PolicyTrainingConfig(policy, features, steps, batch, learningRate, warmupSteps, lrFloor,
                weightDecay, logEvery, validateEvery, validationSamples, cache, seed);
    }

    /** The loop's settings: AdamW (0.9, 0.9), a checkpoint at every validation. */
    public TrainingConfig training() {
        return TrainingConfig.builder().setSteps(steps).setLearningRate(learningRate).setSeed(seed)
                .optWarmupSteps(warmupSteps).optLrFloor(lrFloor).optBeta1(0.9).optBeta2(0.9).optWeightDecay(weightDecay)
                .optLogEvery(logEvery).optCheckpointEvery(validateEvery).build();
    }

    /** VPP's optimizer settings for {@code steps}: warm-up up to 60 steps, about 12 validations. */
    public static PolicyTrainingConfig schedule(VppConfig policy, String features, int steps) {
        int validateEvery = Math.max(10, steps / 12 / 10 * 10);
        return PolicyTrainingConfig.defaults(policy, features).withSteps(steps, Math.min(60, steps / 10),
                validateEvery);
    }

    /** Required fields are set with {@code set*}, optional ones with {@code opt*}. */
    public static final class Builder {
        private VppConfig policy;
        private String features;
        private int steps = 3000;
        private int batch = 32;
        private double learningRate = 1e-4;
        private int warmupSteps = 60;
        private double lrFloor = 1e-3;
        private double weightDecay = 0.05;
        private int logEvery = 10;
        private int validateEvery = 250;
        private int validationSamples = 256;
        private boolean cacheFeatures = true;
        private long seed = 0;

        private Builder() {
        }

        /** The policy's shape and seed. */
        public Builder setPolicy(VppConfig policy) {
            this.policy = policy;
            return this;
        }

        /** A description of the visual features (for config.yaml). */
        public Builder setFeatures(String features) {
            this.features = features;
            return this;
        }

        /** Optimizer steps (default 3000). */
        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /** Samples per step (default 32). */
        public Builder optBatch(int batch) {
            this.batch = batch;
            return this;
        }

        /** Peak learning rate (default 1e-4, VPP's). */
        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** Linear warm-up steps before the cosine decay (default 60). */
        public Builder optWarmupSteps(int warmupSteps) {
            this.warmupSteps = warmupSteps;
            return this;
        }

        /** The decay's end as a fraction of the peak (default 1e-3). */
        public Builder optLrFloor(double lrFloor) {
            this.lrFloor = lrFloor;
            return this;
        }

        /** AdamW's decoupled weight decay (default 0.05). */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Steps per loss-log row (default 10). */
        public Builder optLogEvery(int logEvery) {
            this.logEvery = logEvery;
            return this;
        }

        /** Steps between validations, a multiple of logEvery (default 250). */
        public Builder optValidateEvery(int validateEvery) {
            this.validateEvery = validateEvery;
            return this;
        }

        /** Held-out samples compared with the demonstration (default 256). */
        public Builder optValidationSamples(int validationSamples) {
            this.validationSamples = validationSamples;
            return this;
        }

        /** Compute each sample's frozen features once (default true). */
        public Builder optCacheFeatures(boolean cacheFeatures) {
            this.cacheFeatures = cacheFeatures;
            return this;
        }

        /** Batches, noise and the validation's sampling noise (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @throws IllegalStateException    naming the required fields not set
         * @throws IllegalArgumentException naming the invalid counts, intervals or rates
         */
        public PolicyTrainingConfig build() {
            Required.check("PolicyTrainingConfig", "policy", policy, "features", features);
            return new PolicyTrainingConfig(policy, features, steps, batch, learningRate, warmupSteps, lrFloor,
                    weightDecay, logEvery, validateEvery, validationSamples, cacheFeatures, seed);
        }
    }
}
