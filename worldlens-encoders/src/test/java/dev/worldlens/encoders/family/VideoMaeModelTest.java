package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.SingleTorchThread;
import dev.worldlens.nn.train.StepLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SingleTorchThread.class)
class VideoMaeModelTest {
    /** 16x16 clips of 4 frames, patch 4, tubelet 2: 2 token steps of 16 tokens; 12 of 16 positions hidden. */
    private static final FamilyConfig TINY = FamilyConfig.builder().setFamily(VideoMaeModel.FAMILY).setImageSize(16)
            .setPatchSize(4).setWidth(32).setDepth(2).setHeads(2).optClipLength(4).optTubelet(2)
            .optOptions(Map.of("maskRatio", "0.75", "decoderWidth", "32", "decoderDepth", "1", "decoderHeads", "2"))
            .build();
    /** Its checks run in {@link FamilyContractTest}; the tests here use its data. */
    static final FamilyContract CONTRACT = new FamilyContract(VideoMaeModel::create, TINY, 8, 2e-3);

    @Test
    void pretrainingHidesTheRequestedFractionOfTubesButProbingSeesTheWholeClip() {
        try (VideoMaeModel model = (VideoMaeModel) VideoMaeModel.create(TINY, 1);
             NDManager scope = model.trained().manager().newSubManager()) {
            assertEquals(2 * 4, model.visibleTokens(), "12 of 16 positions hidden in both token steps");
            NDArray px = CONTRACT.data().clips(new SplittableRandom(2), 3, 4, 1).pixels(scope);
            List<NDArray> layers = model.encodeLayers(px, model.layers());
            assertEquals(new Shape(3, 2 * 16, 32), layers.get(model.layers()).getShape());
            assertEquals(16, model.tokensPerStep());
        }
        try (VideoMaeModel defaults = (VideoMaeModel) VideoMaeModel.create(VideoMaeModel.defaults(), 1)) {
            assertEquals(2 * 6, defaults.visibleTokens(), "ratio 0.9 of 64 positions hides 58 per token step");
        }
    }

    @Test
    void targetTubeletsAreStandardisedPerChannel() {
        try (VideoMaeModel model = (VideoMaeModel) VideoMaeModel.create(TINY, 1);
             NDManager scope = model.trained().manager().newSubManager()) {
            NDArray px = CONTRACT.data().clips(new SplittableRandom(3), 2, 4, 1).pixels(scope);
            float[] t = model.normalisedTubelets(px).toFloatArray(); // [2, 32, 2 * 3 * 16]
            int area = 16;
            for (int token = 0; token < 2 * 32; token++) {
                for (int ch = 0; ch < 3; ch++) {
                    double sum = 0;
                    double sq = 0;
                    for (int f = 0; f < 2; f++) {
                        for (int i = 0; i < area; i++) {
                            double v = t[token * 96 + (f * 3 + ch) * area + i];
                            sum += v;
                            sq += v * v;
                        }
                    }
                    double mean = sum / 32;
                    double var = (sq - 32 * mean * mean) / 31;
                    if (var < 1e-6) {
                        // a flat patch (one colour): only rounding noise over std + 1e-6, near zero
                        assertTrue(Math.abs(mean) < 1, "flat patch mean " + mean);
                    } else {
                        assertEquals(0, mean, 1e-4, "token " + token + " channel " + ch);
                        assertEquals(1, var, 1e-3, "token " + token + " channel " + ch + " unbiased variance");
                    }
                }
            }
        }
    }

    @Test
    void lossTermsAndFlopsAreReported() {
        try (VideoMaeModel model = (VideoMaeModel) VideoMaeModel.create(TINY, 1);
             NDManager scope = model.trained().manager().newSubManager()) {
            StepLoss loss = model.objectiveLoss(CONTRACT.data(), 4, 0, new SplittableRandom(4), scope);
            assertTrue(loss.total().getFloat() > 0);
            assertTrue(loss.terms().containsKey("pixels"));
            assertEquals(16, model.framesPerStep(4));
            assertTrue(model.forwardFlopsPerStep(4) > 4 * model.forwardFlopsPerStep(1) * 0.99);
        }
    }

    @Test
    void rejectsAMaskRatioOutsideTheOpenUnitInterval() {
        assertThrows(IllegalArgumentException.class,
                () -> VideoMaeModel.create(TINY.withOptions(Map.of("maskRatio", "1")), 1));
    }
}
