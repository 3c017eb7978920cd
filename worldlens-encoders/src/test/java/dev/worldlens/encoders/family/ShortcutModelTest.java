package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.worldlens.nn.SingleTorchThread;
import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shortcut family at tiny size (16x16, patch 4, widths 32, clips of 3 frames); {@link FamilyContractTest} runs
 * the {@link FamilyContract} checks on it.
 */
@ExtendWith(SingleTorchThread.class)
class ShortcutModelTest {
    static final FamilyConfig TINY = FamilyConfig.builder().setFamily(ShortcutModel.FAMILY).setImageSize(16)
            .setPatchSize(4).setWidth(32).setDepth(2).setHeads(2)
            .optOptions(Map.of("latentChannels", "4", "decoderWidth", "32", "decoderDepth", "1", "dynFrames", "3",
                    "dynWidth", "32", "dynDepth", "2", "kMax", "8", "actionDim", "2"))
            .build();
    /** Its checks run in {@link FamilyContractTest}; the tests here use its data. */
    static final FamilyContract CONTRACT = new FamilyContract(ShortcutModel::create, TINY, 4, 3e-3);

    @Test
    void lastLayerIsTheTanhLatentAndPoolsToItsChannels() {
        try (ShortcutModel model = (ShortcutModel) ShortcutModel.create(TINY, 2);
             NDManager scope = model.trained().manager().newSubManager()) {
            NDArray px = CONTRACT.data().clips(new SplittableRandom(1), 3, 1, 1).pixels(scope);
            NDArray latents = model.encodeLayers(px, model.layers()).get(model.layers());
            assertEquals(new Shape(3, 16, 4), latents.getShape());
            for (float v : latents.toFloatArray()) {
                assertTrue(v > -1 && v < 1);
            }
            assertEquals(3, model.layers());
            assertEquals(new Shape(3, 16, 32), model.encodeLayers(px, 2).get(2).getShape());
            assertArrayEquals(latents.mean(new int[]{1}).toFloatArray(), model.pooledFeatures(px).toFloatArray(),
                    1e-6f);
            assertEquals(4, model.featureWidth());
            assertTrue(model.encoderParameterCount() < model.trained().count() / 2);
        }
    }

    /**
     * Frame t's prediction reads frames up to t and actions up to a_{t-1}: changing frame 2's latents or the action
     * a_1 (given to frame 2) leaves frames 0 and 1 unchanged and changes frame 2.
     */
    @Test
    void dynamicsIsBlockCausalAndActionConditioned() {
        try (ShortcutModel model = (ShortcutModel) ShortcutModel.create(TINY, 4);
             NDManager scope = model.trained().manager().newSubManager()) {
            ShortcutDynamics dyn = model.dynamics();
            SplittableRandom r = new SplittableRandom(8);
            float[] z = new float[2 * 3 * 16 * 4];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) r.nextGaussian();
            }
            float[] acts = new float[2 * 3 * 2];
            for (int i = 0; i < acts.length; i++) {
                acts[i] = (float) r.nextGaussian();
            }
            int[] signal = {0, 3, 7, 1, 2, 4};
            int[] step = {3, 3, 3, 1, 2, 3};
            Shape zs = new Shape(2, 3, 16, 4);
            Shape as = new Shape(2, 3, 2);
            float[] base = dyn.predictClean(scope.create(z, zs), signal, step, scope.create(acts, as)).toFloatArray();
            float[] laterFrame = z.clone();
            for (int i = 2 * 16 * 4; i < 3 * 16 * 4; i++) {
                laterFrame[i] += (float) r.nextGaussian(); // frame 2 of row 0
            }
            float[] changedFrame = dyn.predictClean(scope.create(laterFrame, zs), signal, step,
                    scope.create(acts, as)).toFloatArray();
            float[] laterAction = acts.clone();
            laterAction[2 * 2] += 1f; // row 0, frame 2's previous action a_1
            float[] changedAction = dyn.predictClean(scope.create(z, zs), signal, step,
                    scope.create(laterAction, as)).toFloatArray();
            int frame = 16 * 4;
            for (float[] changed : new float[][]{changedFrame, changedAction}) {
                assertArrayEquals(Arrays.copyOfRange(base, 0, 2 * frame), Arrays.copyOfRange(changed, 0, 2 * frame),
                        1e-5f, "frames 0 and 1 do not see frame 2");
                assertFalse(Arrays.equals(Arrays.copyOfRange(base, 2 * frame, 3 * frame),
                        Arrays.copyOfRange(changed, 2 * frame, 3 * frame)), "frame 2 does");
                assertArrayEquals(Arrays.copyOfRange(base, 3 * frame, 6 * frame),
                        Arrays.copyOfRange(changed, 3 * frame, 6 * frame), 1e-5f, "row 1 is untouched");
            }
        }
    }

    /** The dynamics' loss sends no gradient into the tokenizer, and the tokenizer never reads an action. */
    @Test
    void dynamicsLossDoesNotTrainTheTokenizer() {
        try (ShortcutModel model = (ShortcutModel) ShortcutModel.create(TINY.withOptions(Map.of("dynamicsWeight",
                "1", "patchDropMax", "0")), 5)) {
            try (NDManager scope = model.trained().manager().newSubManager()) {
                ClipBatch clips = CONTRACT.data().clips(new SplittableRandom(3), 4, 3, 1);
                try (GradientCollector gc = Torch.newGradientCollector()) {
                    NDArray all = clips.pixels(scope).reshape(12, 1, 3, 16, 16);
                    NDArray clean = model.tokenizer().latents(all).stopGradient().reshape(4, 3, 16, 4);
                    NDArray loss = model.dynamics().loss(clean, model.dynamics().previousActions(clips, scope),
                            new SplittableRandom(6));
                    gc.backward(loss);
                }
                double tokenizerGradient = 0;
                double dynamicsGradient = 0;
                for (Map.Entry<String, NDArray> e : model.trained().all().entrySet()) {
                    NDArray g = e.getValue().getGradient();
                    g.attach(scope);
                    double norm = g.abs().sum().getFloat();
                    if (e.getKey().startsWith("tok.")) {
                        tokenizerGradient += norm;
                    } else {
                        assertTrue(e.getKey().startsWith("dyn."), e.getKey());
                        dynamicsGradient += norm;
                    }
                }
                assertEquals(0, tokenizerGradient, 0);
                assertTrue(dynamicsGradient > 0);
            }
        }
        // actions wider than the configured actionDim are refused with a message naming the option
        try (ShortcutModel model = (ShortcutModel) ShortcutModel.create(TINY.withOptions(Map.of("actionDim", "1")),
                5); NDManager scope = model.trained().manager().newSubManager()) {
            ClipBatch clips = CONTRACT.data().clips(new SplittableRandom(3), 2, 3, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.dynamics().previousActions(clips, scope));
            assertTrue(e.getMessage().contains("actionDim"));
        }
    }

    /** The default config builds at the documented size and encodes a 64x64 frame to 64 tokens. */
    @Test
    void defaultConfigBuilds() {
        FamilyConfig defaults = ShortcutModel.defaults();
        assertTrue(defaults.option("steps", 0) > 0 && defaults.option("batch", 0) > 0
                && defaults.option("lr", 0.0) > 0);
        try (FamilyModel model = ShortcutModel.create(defaults, 0);
             NDManager scope = model.trained().manager().newSubManager()) {
            assertEquals(1_216_784L, model.encoderParameterCount());
            NDArray px = scope.zeros(new ai.djl.ndarray.types.Shape(1, 1, 3, 64, 64));
            assertEquals(64, model.encodeLayers(px, model.layers()).get(model.layers()).getShape().get(1));
            assertEquals(64, model.tokensPerStep());
        }
    }
}
