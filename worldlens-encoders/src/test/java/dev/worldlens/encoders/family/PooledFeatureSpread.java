package dev.worldlens.encoders.family;

import dev.worldlens.nn.train.TrainingConfig;
import dev.worldlens.nn.train.TrainingLoop;

import java.nio.file.Path;

/** The collapse checks of the self-supervised families' tests: {@link FeatureSpread} before and after training. */
final class PooledFeatureSpread {
    private PooledFeatureSpread() {
    }

    /** The spread over {@code clips} clips drawn with a fixed seed. */
    static double of(FamilyModel model, PretrainData data, int clips) {
        return FeatureSpread.of(model, data, clips).spread();
    }

    /** Trains {@code model} for {@code steps} steps (no auxiliary loss) in {@code dir}. */
    static void train(FamilyModel model, PretrainData data, int batch, double learningRate, int steps, Path dir) {
        TrainingConfig config = TrainingConfig.builder().setSteps(steps).setLearningRate(learningRate).setSeed(11)
                .optWarmupSteps(2).optLrFloor(0.1).optWeightDecay(0.0).optLogEvery(5).optCheckpointEvery(steps).build();
        new TrainingLoop(config).run(new PretrainObjective(model, data, batch, null, 0), dir);
    }
}
