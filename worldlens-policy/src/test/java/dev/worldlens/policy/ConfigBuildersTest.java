package dev.worldlens.policy;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.policy.eval.TabletopInputs;
import dev.worldlens.policy.head.ActionHeadConfig;
import dev.worldlens.policy.head.VideoFormerConfig;
import dev.worldlens.policy.predictor.PredictorConfig;
import dev.worldlens.policy.train.PolicyTrainingConfig;
import dev.worldlens.policy.vpp.VppConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy configs' builders keep the presets' values (pinned here as they were written positionally). */
class ConfigBuildersTest {

    @Test
    void predictorPresetsKeepTheirValues() {
        assertEquals(new PredictorConfig(List.of("top", "gripper"), 32, 8, 2, 32, 64, 4, 8, 64, 4, 1.0, 0.7, 1.6,
                0.002, 80, 80, 0.05, 8, 2500, 5e-4, 10, 3, 3, "", 4, 32, 4, 600, 0), PredictorConfig.quick());
        assertEquals(new PredictorConfig(List.of("top", "gripper"), 16, 8, 2, 16, 32, 2, 4, 32, 2, 1.0, 0.7, 1.6,
                0.002, 80, 80, 0.05, 4, 20, 2e-3, 3, 1, 1, "", 4, 8, 4, 10, 0), PredictorConfig.tiny());
        PredictorConfig quick = PredictorConfig.quick();
        assertEquals(quick, quick.toBuilder().build());
        PredictorConfig changed = quick.withSteps(7).withAutoencoderRun("run").withSeed(3);
        assertEquals(7, changed.steps());
        assertEquals("run", changed.autoencoderRun());
        assertEquals(3, changed.seed());
        assertEquals(quick, changed.toBuilder().setSteps(2500).optAutoencoderRun("").optSeed(0).build());
    }

    @Test
    void predictorBuildNamesTheMissingAndTheInvalidField() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> PredictorConfig.builder().setCameras(List.of("top")).setFrameSize(16).build());
        assertTrue(missing.getMessage().startsWith("PredictorConfig.builder(): required fields not set: frames "
                + "(setFrames), width (setWidth)"), missing.getMessage());
        InvalidInputException invalid = assertThrows(InvalidInputException.class,
                () -> PredictorConfig.tiny().toBuilder().setAutoencoderFactor(3).build());
        assertEquals("autoencoderFactor", invalid.field());
    }

    @Test
    void policyPresetsKeepTheirValues() {
        assertEquals(new ActionHeadConfig(128, 2, 2, 4, 10, 4, 10, 0.001, 80, 0.5, Math.log(0.5), 0.5, 1.0),
                ActionHeadConfig.defaults());
        assertEquals(new ActionHeadConfig(32, 1, 1, 2, 10, 4, 10, 0.001, 5, 0.5, Math.log(0.5), 0.5, 1.0),
                ActionHeadConfig.builder().optWidth(32).optEncoderDepth(1).optDecoderDepth(1).optHeads(2)
                        .optSigmaMax(5).build());
        assertEquals(ActionHeadConfig.defaults().withWidth(64, 2),
                ActionHeadConfig.defaults().toBuilder().optWidth(64).optHeads(2).build());
        assertEquals(new VideoFormerConfig(128, 2, 4, 32, 8, 4, true, false, false), VideoFormerConfig.defaults());
        assertThrows(IllegalArgumentException.class, () -> VideoFormerConfig.builder().optPool(true).build());
        VppConfig policy = VppConfig.defaults(TabletopInputs.vocabulary());
        assertEquals(new PolicyTrainingConfig(policy, "f", 3000, 32, 1e-4, 60, 1e-3, 0.05, 10, 250, 256, true, 0, 0.999,
                true, 0, 2000, "A", 1),
                PolicyTrainingConfig.defaults(policy, "f"));
        PolicyTrainingConfig c = PolicyTrainingConfig.schedule(policy, "f", 300);
        assertEquals(c, c.toBuilder().build());
        PolicyTrainingConfig checked = c.toBuilder().optRollouts(20, 40, "B").optSampleStride(3).build();
        assertEquals(checked, checked.toBuilder().build());
        assertTrue(checked.rolloutAt(40, 300) && !checked.rolloutAt(60, 300) && checked.rolloutAt(300, 300));
        PolicyTrainingConfig long20k = PolicyTrainingConfig.schedule(policy, "f", 20000).withRollouts(20, 2000, "A");
        assertEquals(List.of(1000, 2000), List.of(long20k.validateEvery(), long20k.rolloutEvery()),
                "the schedule's 1,660-step validations become the largest divisor of the check interval");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.toBuilder().optRollouts(20, 30, "A").build())
                .getMessage().contains("multiple of the validation interval"));
        assertTrue(assertThrows(IllegalStateException.class, () -> PolicyTrainingConfig.builder().setFeatures("f")
                .build()).getMessage().contains("policy (setPolicy)"));
    }
}
