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
 * @param emaDecay          the largest decay of an exponential moving average of the weights, which validation and
 *                          the saved policies use (diffusion_policy's and MDT's heads are evaluated with EMA weights);
 *                          0 turns it off. The decay warms up as min(emaDecay, (1 + step) / (10 + step)).
 * @param balancedTasks     draw a batch's samples task by task (a task id uniformly, then one of its samples), so a
 *                          task demonstrated once is seen as often as one demonstrated fifty times; false draws
 *                          samples uniformly
 * @param rolloutChains     chains run closed loop in {@code rolloutScene} at every {@code rolloutEvery}-th step (and
 *                          the last); when more than 0 the kept policy is the one with the longest average chain there
 *                          (validation MSE breaks ties), since sampled-chunk error is known not to track success.
 *                          0 keeps the lowest validation MSE
 * @param rolloutEvery      steps between closed-loop checks, a multiple of validateEvery
 * @param rolloutScene      the scene of the checks: a training scene, so that the unseen one stays unseen
 * @param sampleStride      a sample every this many frames of each language window (VPP: 1, every frame)
 */
public record PolicyTrainingConfig(VppConfig policy, String features, int steps, int batch, double learningRate,
                                   int warmupSteps, double lrFloor, double weightDecay, int logEvery,
                                   int validateEvery, int validationSamples, boolean cacheFeatures, long seed,
                                   double emaDecay, boolean balancedTasks, int rolloutChains, int rolloutEvery,
                                   String rolloutScene, int sampleStride) {

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
        if (rolloutChains < 0 || rolloutEvery < validateEvery || rolloutEvery % validateEvery != 0) {
            throw new IllegalArgumentException("closed-loop checks need rolloutChains >= 0 (0: none) and rolloutEvery "
                    + "a multiple of the validation interval " + validateEvery + "; got " + rolloutChains + " and "
                    + rolloutEvery);
        }
        if (rolloutScene == null || rolloutScene.isBlank()) {
            throw new IllegalArgumentException("rolloutScene: expected a scene name, got " + rolloutScene);
        }
        if (sampleStride < 1) {
            throw new IllegalArgumentException("sampleStride: expected a sample every 1 or more frames, got "
                    + sampleStride);
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1) (0: no EMA), got " + emaDecay);
        }
    }

    /** The EMA decay after {@code step} steps: warmed up so that early weights do not linger. */
    public double emaDecayAt(int step) {
        return Math.min(emaDecay, (1.0 + step) / (10.0 + step));
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
                .optValidationSamples(validationSamples).optCacheFeatures(cacheFeatures).optSeed(seed)
                .optEmaDecay(emaDecay).optBalancedTasks(balancedTasks).optRollouts(rolloutChains, rolloutEvery,
                        rolloutScene).optSampleStride(sampleStride);
    }

    /** Whether the kept policy is chosen by closed-loop chains rather than validation MSE. */
    public boolean selectsByRollout() {
        return rolloutChains > 0;
    }

    /** Whether a closed-loop check runs after {@code step} of {@code total} steps. */
    public boolean rolloutAt(int step, int total) {
        return selectsByRollout() && (step % rolloutEvery == 0 || step == total);
    }

    /** Steps, warm-up and validation interval; the log interval becomes the largest divisor of it up to 10. */
    public PolicyTrainingConfig withSteps(int n, int warmup, int validate) {
        int log = Math.max(1, Math.min(10, validate));
        while (validate % log != 0) {
            log--;
        }
        return toBuilder().optSteps(n).optWarmupSteps(warmup).optLogEvery(log).optValidateEvery(validate).build();
    }

    /**
     * Closed-loop checks ({@link Builder#optRollouts}); the validation interval becomes the largest divisor of
     * {@code every} up to the current one, so that a validation falls on every check.
     */
    public PolicyTrainingConfig withRollouts(int chains, int every, String scene) {
        PolicyTrainingConfig c = this;
        if (chains > 0 && every > 0) {
            int v = Math.min(validateEvery, every);
            while (every % v != 0) {
                v--;
            }
            c = withSteps(steps, warmupSteps, v);
        }
        return c.toBuilder().optRollouts(chains, every, scene).build();
    }

    public PolicyTrainingConfig withSampleStride(int stride) {
        return toBuilder().optSampleStride(stride).build();
    }

    public PolicyTrainingConfig withBatch(int b) {
        return toBuilder().optBatch(b).build();
    }

    public PolicyTrainingConfig withLearningRate(double lr) {
        return toBuilder().optLearningRate(lr).build();
    }

    public PolicyTrainingConfig withValidationSamples(int n) {
        return toBuilder().optValidationSamples(n).build();
    }

    public PolicyTrainingConfig withCache(boolean cache) {
        return toBuilder().optCacheFeatures(cache).build();
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
        private double emaDecay = 0.999;
        private boolean balancedTasks = true;
        private int rolloutChains = 0;
        private int rolloutEvery = 2000;
        private String rolloutScene = "A";
        private int sampleStride = 1;

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

        /** The EMA's largest decay, 0 for none (default 0.999). */
        public Builder optEmaDecay(double emaDecay) {
            this.emaDecay = emaDecay;
            return this;
        }

        /** Draw batches task by task (default true) or sample by sample. */
        public Builder optBalancedTasks(boolean balancedTasks) {
            this.balancedTasks = balancedTasks;
            return this;
        }

        /**
         * Closed-loop checkpoint selection: {@code chains} chains (0: none, the default; select by validation MSE) in
         * {@code scene} every {@code every} steps, a multiple of the validation interval (default 2000, scene A).
         */
        public Builder optRollouts(int chains, int every, String scene) {
            this.rolloutChains = chains;
            this.rolloutEvery = every;
            this.rolloutScene = scene;
            return this;
        }

        /** A sample every {@code stride} frames of each language window (default 1: every frame, VPP's). */
        public Builder optSampleStride(int stride) {
            this.sampleStride = stride;
            return this;
        }

        /**
         * @throws IllegalStateException    naming the required fields not set
         * @throws IllegalArgumentException naming the invalid counts, intervals or rates
         */
        public PolicyTrainingConfig build() {
            Required.check("PolicyTrainingConfig", "policy", policy, "features", features);
            return new PolicyTrainingConfig(policy, features, steps, batch, learningRate, warmupSteps, lrFloor,
                    weightDecay, logEvery, validateEvery, validationSamples, cacheFeatures, seed, emaDecay,
                    balancedTasks, rolloutChains, rolloutChains == 0 ? Math.max(validateEvery, rolloutEvery
                    / validateEvery * validateEvery) : rolloutEvery, rolloutScene, sampleStride);
        }
    }
}
