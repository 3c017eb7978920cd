package dev.worldlens.encoders.pretrain;

import dev.worldlens.core.Dataset;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.encoders.family.Families;
import dev.worldlens.encoders.family.FamilyConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The builders of PretrainSpec, PretrainRun.Request and FamilyConfig. */
class PretrainBuildersTest {
    private static final Dataset DATA = new Dataset(Path.of("d"), EpisodeSource.of("d", List.of()));

    private static final FamilyConfig VAE = Families.defaults("vae");

    @Test
    void aSpecWithoutAuxiliaryObjectiveOrInitIsAFreshRun() {
        PretrainSpec built = PretrainSpec.builder().setModel(VAE).setData("d").setCamera("top").setSteps(3)
                .setBatch(4).setLearningRate(1e-3).setWeightDecay(0.05).setSeed(1).setSplit("task").setSplitSeed(1)
                .setHeldOut(List.of("open_drawer")).build();
        assertEquals(new PretrainSpec(VAE, "d", "top", 3, 4, 1e-3, 0.05, 1, "", 0, 1, 0, "", "task", 1,
                List.of("open_drawer")), built);
    }

    @Test
    void aRequestDefaultsToThePretrainCommandsDefaults() {
        PretrainRun.Request built = PretrainRun.Request.builder().setModel(VAE).setData(DATA).setSteps(3)
                .setBatch(4).setLearningRate(1e-3).build();
        assertEquals(new PretrainRun.Request(VAE, DATA, "top", 3, 4, 1e-3, 0.05, 0, "", 0, 1, 32, null,
                "task", 0, List.of()), built);
    }

    @Test
    void buildNamesTheMissingAndTheInvalidField() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> PretrainRun.Request.builder().setModel(VAE).setSteps(3).build());
        assertEquals("PretrainRun.Request.builder(): required fields not set: data (setData), batch (setBatch), "
                + "learningRate (setLearningRate)", missing.getMessage());
        InvalidInputException steps = assertThrows(InvalidInputException.class, () -> PretrainRun.Request.builder()
                .setModel(VAE).setData(DATA).setSteps(0).setBatch(4).setLearningRate(1e-3).build());
        assertEquals("steps", steps.field());
        assertTrue(assertThrows(IllegalStateException.class, () -> PretrainSpec.builder().build()).getMessage()
                .contains("heldOut (setHeldOut)"));
    }

    @Test
    void aFamilyConfigIsAnImageFamilyWithoutOptionsUnlessToldOtherwise() {
        FamilyConfig built = FamilyConfig.builder().setFamily("videomae").setImageSize(16).setPatchSize(4)
                .setWidth(32).setDepth(2).setHeads(2).optClipLength(4).optTubelet(2)
                .optOptions(Map.of("maskRatio", "0.75")).optOption("decoderDepth", "1").build();
        assertEquals(new FamilyConfig("videomae", 16, 4, 32, 2, 2, 4, 2,
                Map.of("maskRatio", "0.75", "decoderDepth", "1")), built);
        assertEquals(new FamilyConfig("vae", 16, 4, 8, 1, 1, 1, 1, Map.of()), FamilyConfig.builder().setFamily("vae")
                .setImageSize(16).setPatchSize(4).setWidth(8).setDepth(1).setHeads(1).build());
        assertTrue(assertThrows(IllegalStateException.class, () -> FamilyConfig.builder().setImageSize(16).build())
                .getMessage().contains("family (setFamily)"));
        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> Families.defaults("dino"));
        assertEquals("family", unknown.field());
    }
}
