package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.worldlens.nn.SingleTorchThread;
import dev.worldlens.nn.train.TrainingConfig;
import dev.worldlens.nn.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The diffusion family at tiny size (16x16, patch 4, width 32, depth 2); {@link FamilyContractTest} runs the
 * {@link FamilyContract} checks on it.
 */
@ExtendWith(SingleTorchThread.class)
class DiffusionModelTest {
    static final FamilyConfig TINY = FamilyConfig.builder().setFamily(DiffusionModel.FAMILY).setImageSize(16)
            .setPatchSize(4).setWidth(32).setDepth(2).setHeads(2).optOptions(Map.of("featureSigma", "0.3")).build();
    /** Its checks run in {@link FamilyContractTest}; the tests here use its data. */
    static final FamilyContract CONTRACT = new FamilyContract(DiffusionModel::create, TINY, 8, 3e-3);

    /** After a short training the EDM denoiser at sigma = sigmaData is closer to the clean frame than its input. */
    @Test
    void trainedDenoiserBeatsTheNoisyInput(@TempDir Path dir) {
        PretrainData data = CONTRACT.data();
        try (DiffusionModel model = (DiffusionModel) DiffusionModel.create(TINY, 1)) {
            new TrainingLoop(TrainingConfig.builder().setSteps(40).setLearningRate(3e-3).setSeed(11).optWarmupSteps(2)
                    .optLrFloor(0.1).optWeightDecay(0).optLogEvery(5).optCheckpointEvery(10).build())
                    .run(new PretrainObjective(model, data, 8, null, 0), dir);
            try (NDManager scope = model.trained().manager().newSubManager()) {
                SplittableRandom rng = new SplittableRandom(21);
                ClipBatch clips = data.clips(rng, 16, 1, 1);
                float[] noisy = clips.pixels().clone();
                double sigma = model.schedule().sigmaData();
                for (int i = 0; i < noisy.length; i++) {
                    noisy[i] += (float) (sigma * rng.nextGaussian());
                }
                NDArray x = scope.create(noisy, clips.pixels(scope).getShape());
                NDArray denoised = model.denoise(x, sigma);
                // the encoder's patchify is the layout of D's output
                NDArray clean = clips.pixels(scope).reshape(16, 1, 3, 4, 4, 4, 4).transpose(0, 1, 3, 5, 2, 4, 6)
                        .reshape(16, 16, 48);
                double denoisedError = denoised.sub(clean).square().mean().getFloat();
                double inputError = x.sub(clips.pixels(scope)).square().mean().getFloat();
                System.out.println("diffusion denoising MSE at sigma 0.5: " + denoisedError + ", noisy input "
                        + inputError);
                assertTrue(denoisedError < 0.5 * inputError, "denoised MSE " + denoisedError + " vs noisy input "
                        + inputError);
            }
        }
    }

    /** Features depend on the chosen noise level, are the same for a frame in any batch, and the config is checked. */
    @Test
    void featuresFollowTheFeatureSigmaAndNotTheBatch() {
        PretrainData data = CONTRACT.data();
        FamilyConfig noisier = TINY.withOptions(Map.of("featureSigma", "1.0"));
        try (FamilyModel a = DiffusionModel.create(TINY, 3); FamilyModel b = DiffusionModel.create(noisier, 3);
             NDManager scope = a.trained().manager().newSubManager()) {
            NDArray px = data.clips(new SplittableRandom(5), 4, 1, 1).pixels(scope);
            float[] fa = a.encodeLayers(px, 2).get(2).toFloatArray();
            assertFalse(java.util.Arrays.equals(fa, b.encodeLayers(px, 2).get(2).toFloatArray()));
            float[] firstAlone = a.encodeLayers(px.get("0:1"), 2).get(2).toFloatArray();
            for (int i = 0; i < firstAlone.length; i++) {
                assertEquals(fa[i], firstAlone[i], 1e-5f, "frame 0 encodes the same alone and in a batch");
            }
            assertEquals(16, a.tokensPerStep());
            assertTrue(a.encoderParameterCount() < a.trained().count());
            assertTrue(a.forwardFlopsPerStep(8) > 0);
        }
        assertThrows(IllegalArgumentException.class, () -> DiffusionModel.create(
                FamilyConfig.builder().setFamily(DiffusionModel.FAMILY).setImageSize(16).setPatchSize(4).setWidth(32)
                        .setDepth(2).setHeads(2).optClipLength(2).build(), 1));
    }

    /** The default config builds at the documented size and encodes a 64x64 frame to 64 tokens. */
    @Test
    void defaultConfigBuilds() {
        FamilyConfig defaults = DiffusionModel.defaults();
        assertTrue(defaults.option("steps", 0) > 0 && defaults.option("batch", 0) > 0
                && defaults.option("lr", 0.0) > 0);
        try (FamilyModel model = DiffusionModel.create(defaults, 0);
             NDManager scope = model.trained().manager().newSubManager()) {
            assertEquals(1_247_616L, model.encoderParameterCount());
            NDArray px = scope.zeros(new ai.djl.ndarray.types.Shape(1, 1, 3, 64, 64));
            assertEquals(64, model.encodeLayers(px, model.layers()).get(model.layers()).getShape().get(1));
            assertEquals(64, model.tokensPerStep());
        }
    }
}
