package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.SingleTorchThread;
import dev.worldlens.nn.train.TrainingConfig;
import dev.worldlens.nn.train.TrainingLoop;
import dev.worldlens.nn.vit.VisionTransformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The families' own decoders as {@link PixelDecoding}: shapes, determinism, and what the numbers mean. */
@ExtendWith(SingleTorchThread.class)
class NativeReconstructionTest {
    private static final FamilyConfig VAE = FamilyConfig.builder().setFamily(VaeModel.FAMILY).setImageSize(16)
            .setPatchSize(4).setWidth(8).setDepth(1).setHeads(1)
            .optOptions(Map.of("latentChannels", "4", "maxMultiplier", "2", "groups", "4")).build();
    private static final FamilyConfig MAE = FamilyConfig.builder().setFamily(VideoMaeModel.FAMILY).setImageSize(16)
            .setPatchSize(4).setWidth(32).setDepth(2).setHeads(2).optClipLength(4).optTubelet(2)
            .optOptions(Map.of("maskRatio", "0.75", "decoderWidth", "32", "decoderDepth", "1", "decoderHeads", "2"))
            .build();
    private static final FamilyContract VAE_DATA = new FamilyContract(VaeModel::create, VAE, 8, 2e-3);
    private static final FamilyContract MAE_DATA = new FamilyContract(VideoMaeModel::create, MAE, 8, 2e-3);

    private static double mse(NDArray a, NDArray b) {
        return a.sub(b).square().mean().getFloat();
    }

    @Test
    void videoMaeTubeletsMapBackToTheLastFrameExactly() {
        try (VideoMaeModel model = (VideoMaeModel) VideoMaeModel.create(MAE, 1);
             NDManager scope = model.trained().manager().newSubManager()) {
            NDArray px = MAE_DATA.data().clips(new SplittableRandom(3), 2, 4, 1).pixels(scope);
            // the true normalised targets, un-normalised and reassembled, must give back frame 3 of each clip
            NDArray back = model.lastFrame(model.normalisedTubelets(px), px);
            NDArray last = px.get(":, 3");
            assertEquals(new Shape(2, 3, 16, 16), back.getShape());
            assertArrayEquals(last.toFloatArray(), back.toFloatArray(), 1e-4f);
            // and not some other frame: frames 2 and 3 differ in the synthetic world's moving clips
            assertTrue(mse(back, px.get(":, 2")) > 1e-4 || mse(px.get(":, 2"), last) == 0);
        }
    }

    @Test
    void videoMaeReconstructionIsDeterministicFiniteAndUsesEveryRound() {
        try (VideoMaeModel model = (VideoMaeModel) VideoMaeModel.create(MAE, 1);
             NDManager scope = model.trained().manager().newSubManager()) {
            NDArray px = MAE_DATA.data().clips(new SplittableRandom(4), 3, 4, 1).pixels(scope);
            float[] a = model.reconstructLast(px).toFloatArray();
            float[] b = model.reconstructLast(px).toFloatArray();
            assertEquals(3 * 3 * 16 * 16, a.length);
            assertArrayEquals(a, b, 0f);
            for (float v : a) {
                assertTrue(Float.isFinite(v));
            }
            // an untrained decoder's guess, given each tubelet's true mean and contrast, is far from exact
            double err = mse(scope.create(a, new Shape(3, 3, 16, 16)), px.get(":, 3"));
            assertTrue(err > 1e-3, "untrained reconstruction MSE " + err);
        }
    }

    @Test
    void shortcutTokenizerPatchesMapBackToTheFrame() {
        try (ShortcutModel model = (ShortcutModel) ShortcutModel.create(ShortcutModelTest.TINY, 1);
             NDManager scope = model.trained().manager().newSubManager();
             Parameters other = new Parameters(scope)) {
            NDArray px = MAE_DATA.data().clips(new SplittableRandom(6), 2, 1, 1).pixels(scope);
            // patchify depends on the config alone: any ViT of the tokenizer's shape cuts the same patches
            VisionTransformer cutter = VisionTransformer.create(model.tokenizer().encoderConfig(), other, 0);
            NDArray back = model.tokenizer().unpatchify(cutter.patchify(px));
            assertArrayEquals(px.get(":, 0").toFloatArray(), back.toFloatArray(), 0f);
            NDArray reconstruction = model.reconstructLast(px);
            assertEquals(new Shape(2, 3, 16, 16), reconstruction.getShape());
            assertArrayEquals(reconstruction.toFloatArray(), model.reconstructLast(px).toFloatArray(), 0f);
        }
    }

    @Test
    void vaeReconstructionImprovesWithTraining(@TempDir Path dir) {
        try (VaeModel model = (VaeModel) VaeModel.create(VAE, 1);
             NDManager scope = model.trained().manager().newSubManager()) {
            NDArray px = VAE_DATA.data().clips(new SplittableRandom(5), 8, 1, 1).pixels(scope);
            NDArray before = model.reconstructLast(px);
            assertEquals(new Shape(8, 3, 16, 16), before.getShape());
            assertArrayEquals(before.toFloatArray(), model.reconstructLast(px).toFloatArray(), 0f);
            double initial = mse(before, px.get(":, 0"));
            new TrainingLoop(TrainingConfig.builder().setSteps(25).setLearningRate(2e-3).setSeed(11).optWarmupSteps(2)
                    .optLrFloor(0.1).optWeightDecay(0.0).optLogEvery(5).optCheckpointEvery(25).build())
                    .run(new PretrainObjective(model, VAE_DATA.data(), 8, null, 0), dir);
            double trained = mse(model.reconstructLast(px), px.get(":, 0"));
            // seen: 0.41 -> 0.034 (normalised pixels in [-1, 1])
            System.out.println("vae reconstruction MSE " + initial + " -> " + trained);
            assertTrue(trained < 0.5 * initial, initial + " -> " + trained);
        }
    }
}
