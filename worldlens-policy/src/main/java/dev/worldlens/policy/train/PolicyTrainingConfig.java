package dev.worldlens.policy.train;

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
        return new PolicyTrainingConfig(policy, features, 3000, 32, 1e-4, 60, 1e-3, 0.05, 10, 250, 256, true, 0);
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
        return new TrainingConfig(steps, learningRate, warmupSteps, lrFloor, 0.9, 0.9, weightDecay, logEvery,
                validateEvery, seed);
    }

    /** VPP's optimizer settings for {@code steps}: warm-up up to 60 steps, about 12 validations. */
    public static PolicyTrainingConfig schedule(VppConfig policy, String features, int steps) {
        int validateEvery = Math.max(10, steps / 12 / 10 * 10);
        return PolicyTrainingConfig.defaults(policy, features).withSteps(steps, Math.min(60, steps / 10),
                validateEvery);
    }
}
