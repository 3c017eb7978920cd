package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.worldlens.nn.train.TrainingConfig;
import dev.worldlens.nn.train.TrainingLoop;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A collapse check for the self-supervised families: the spread across a batch of clips of a model's pooled
 * features, as the mean over feature dimensions of the per-dimension standard deviation. A collapsed encoder (every
 * input mapped to the same vector, the trivial solution of joint-embedding objectives) gives about 0.
 */
final class PooledFeatureSpread {
    private PooledFeatureSpread() {
    }

    /** The spread over {@code clips} clips drawn with a fixed seed. */
    static double of(FamilyModel model, PretrainData data, int clips) {
        try (NDManager scope = model.trained().manager().newSubManager()) {
            NDArray px = data.clips(new SplittableRandom(21), clips, model.clipLength(), 1).pixels(scope);
            NDArray pooled = model.pooledFeatures(px);
            NDArray centred = pooled.sub(pooled.mean(new int[]{0}, true));
            return centred.square().mean(new int[]{0}).sqrt().mean().getFloat();
        }
    }

    /** Trains {@code model} for {@code steps} steps (no auxiliary loss) in {@code dir}. */
    static void train(FamilyModel model, PretrainData data, int batch, double learningRate, int steps, Path dir) {
        TrainingConfig config = TrainingConfig.builder().setSteps(steps).setLearningRate(learningRate).setSeed(11)
                .optWarmupSteps(2).optLrFloor(0.1).optWeightDecay(0.0).optLogEvery(5).optCheckpointEvery(steps).build();
        new TrainingLoop(config).run(new PretrainObjective(model, data, batch, null, 0), dir);
    }
}
