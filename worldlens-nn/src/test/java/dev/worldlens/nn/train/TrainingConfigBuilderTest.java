package dev.worldlens.nn.train;

import dev.worldlens.nn.vit.VitConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The builders of TrainingConfig and VitConfig give the values their presets always had. */
class TrainingConfigBuilderTest {

    @Test
    void theDefaultsAreThoseDefaultsAlwaysGave() {
        assertEquals(new TrainingConfig(1000, 1e-3, 50, 0.01, 0.9, 0.95, 0.05, 10, 100, 5),
                TrainingConfig.defaults(1000, 1e-3, 5));
        assertEquals(new TrainingConfig(25, 1e-3, 1, 0.01, 0.9, 0.95, 0.05, 10, 20, 5),
                TrainingConfig.builder().setSteps(25).setLearningRate(1e-3).setSeed(5).build());
        assertEquals(new TrainingConfig(7, 2e-3, 1, 0.01, 0.9, 0.95, 0.05, 7, 7, 0),
                TrainingConfig.defaults(7, 2e-3, 0));
        assertEquals(new TrainingConfig(40, 3e-3, 2, 0.1, 0.9, 0.9, 0, 5, 10, 11),
                TrainingConfig.builder().setSteps(40).setLearningRate(3e-3).setSeed(11).optWarmupSteps(2)
                        .optLrFloor(0.1).optBeta2(0.9).optWeightDecay(0).optLogEvery(5).optCheckpointEvery(10)
                        .build());
    }

    @Test
    void buildNamesTheMissingAndTheInvalidField() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> TrainingConfig.builder().setSteps(10).build());
        assertTrue(missing.getMessage().contains("learningRate (setLearningRate)")
                && missing.getMessage().contains("seed (setSeed)"), missing.getMessage());
        IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().setSteps(0).setLearningRate(1e-3).setSeed(0).build());
        assertTrue(steps.getMessage().contains("steps"), steps.getMessage());
    }

    @Test
    void vitDefaultsAreAnImageVitWithThreeChannelsAndMlpRatioFour() {
        assertEquals(new VitConfig(64, 3, 8, 192, 6, 3, 4, 1, 1), VitConfig.small64());
        assertEquals(new VitConfig(16, 8, 1, 32, 2, 2, 4, 4, 1), VitConfig.builder().setImageSize(16).optChannels(8)
                .setPatchSize(1).setWidth(32).setDepth(2).setHeads(2).optClipLength(4).build());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> VitConfig.builder().setImageSize(16).setPatchSize(4).setWidth(32).build());
        assertTrue(missing.getMessage().startsWith("VitConfig.builder()")
                && missing.getMessage().contains("depth (setDepth), heads (setHeads)"), missing.getMessage());
    }
}
