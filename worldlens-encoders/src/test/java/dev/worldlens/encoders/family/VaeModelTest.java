package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.worldlens.nn.SingleTorchThread;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.StepLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SingleTorchThread.class)
class VaeModelTest {
    /** 16x16 frames, downsampling 4 (levels of 8 and 16 channels), 4 latent channels at 4x4. */
    private static final FamilyConfig TINY = FamilyConfig.builder().setFamily(VaeModel.FAMILY).setImageSize(16)
            .setPatchSize(4).setWidth(8).setDepth(1).setHeads(1)
            .optOptions(Map.of("latentChannels", "4", "maxMultiplier", "2", "groups", "4")).build();
    /** Its checks run in {@link FamilyContractTest}; the tests here use its data. */
    static final FamilyContract CONTRACT = new FamilyContract(VaeModel::create, TINY, 8, 2e-3);

    @Test
    void everyStageBecomesTokensRowMajorOverItsFeatureMap() {
        try (VaeModel model = (VaeModel) VaeModel.create(TINY, 2);
             NDManager scope = model.trained().manager().newSubManager()) {
            NDArray px = CONTRACT.data().clips(new SplittableRandom(1), 2, 1, 1).pixels(scope);
            assertEquals(3, model.layers());
            List<NDArray> layers = model.encodeLayers(px, model.layers());
            long[][] shapes = {{2, 256, 8}, {2, 64, 8}, {2, 16, 16}, {2, 16, 4}};
            for (int i = 0; i < shapes.length; i++) {
                assertEquals(new Shape(shapes[i]), layers.get(i).getShape(), "layer " + i);
            }
            // the latent mean [B, 4, 4, 4] read channel-major must equal the tokens read position-major
            float[] map = model.latentMean(px).toFloatArray();
            float[] tokens = layers.get(3).toFloatArray();
            float[] expected = new float[tokens.length];
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 4; c++) {
                    for (int p = 0; p < 16; p++) {
                        expected[(b * 16 + p) * 4 + c] = map[(b * 4 + c) * 16 + p];
                    }
                }
            }
            assertArrayEquals(expected, tokens, 0f);
            assertEquals(4, model.featureWidth());
            assertEquals(16, model.tokensPerStep());
        }
    }

    @Test
    void lossIsReconstructionPlusBetaTimesKl() {
        try (VaeModel model = (VaeModel) VaeModel.create(TINY.withOptions(Map.of("beta", "0.5")), 1);
             NDManager scope = model.trained().manager().newSubManager()) {
            StepLoss loss = model.objectiveLoss(CONTRACT.data(), 4, 0, new SplittableRandom(3), scope);
            float rec = loss.terms().get("reconstruction").getFloat();
            float kl = loss.terms().get("kl").getFloat();
            assertTrue(rec > 0 && kl > 0, "reconstruction " + rec + ", kl " + kl);
            assertEquals(rec + 0.5f * kl, loss.total().getFloat(), 1e-5f);
        }
    }

    @Test
    void pooledFeaturesCarryGradientToTheEncoderOnly() {
        try (VaeModel model = (VaeModel) VaeModel.create(TINY, 1);
             NDManager scope = model.trained().manager().newSubManager()) {
            NDArray px = CONTRACT.data().clips(new SplittableRandom(1), 2, 1, 1).pixels(scope);
            try (GradientCollector gc = Torch.newGradientCollector()) {
                NDArray pooled = model.pooledFeatures(px);
                assertEquals(new Shape(2, 4), pooled.getShape());
                gc.backward(pooled.square().sum());
            }
            NDArray enc = model.trained().get("enc.conv_in.weight").getGradient();
            NDArray dec = model.trained().get("dec.conv_out.weight").getGradient();
            enc.attach(scope);
            dec.attach(scope);
            assertTrue(enc.abs().sum().getFloat() > 0);
            assertEquals(0f, dec.abs().sum().getFloat());
        }
    }

    @Test
    void defaultsReadSixtyFourPixelFramesIntoAnEightByEightLatent() {
        try (VaeModel model = (VaeModel) VaeModel.create(VaeModel.defaults(), 1);
             NDManager scope = model.trained().manager().newSubManager()) {
            NDArray px = scope.zeros(new Shape(1, 1, 3, 64, 64));
            List<NDArray> layers = model.encodeLayers(px, model.layers());
            long[][] shapes = {{1, 4096, 32}, {1, 1024, 32}, {1, 256, 64}, {1, 64, 128}, {1, 64, 8}};
            for (int i = 0; i < shapes.length; i++) {
                assertEquals(new Shape(shapes[i]), layers.get(i).getShape(), "layer " + i);
            }
            assertEquals(64, model.tokensPerStep());
            assertEquals(1_111_488, model.encoderParameterCount());
        }
    }

    @Test
    void rejectsADownsamplingFactorThatIsNotAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> VaeModel.create(FamilyConfig.builder()
                .setFamily(VaeModel.FAMILY).setImageSize(24).setPatchSize(6).setWidth(8).setDepth(1).setHeads(1)
                .build(), 1));
    }
}
