package dev.worldlens.policy.predictor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.worldlens.core.Episode;
import dev.worldlens.nn.SingleTorchThread;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.TrainingConfig;
import dev.worldlens.nn.train.TrainingLoop;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.language.WordEmbeddingInstructions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SingleTorchThread.class)
class PredictiveFeaturesTest {
    private static final PredictorConfig CONFIG = PredictorConfig.tiny();
    private static final List<String> KEYS = List.of("observation.images.top", "observation.images.gripper");
    private static TrainedPredictor predictor;
    private static PredictiveFeatures features;
    private static NDManager manager;

    /** A predictor trained a few steps (so every layer, attention included, carries signal) on tiny episodes. */
    @BeforeAll
    static void predictor(@TempDir Path dir) {
        FrameAutoencoder autoencoder = TinyTabletop.autoencoder(CONFIG);
        LatentClips clips = TinyTabletop.clips(CONFIG, autoencoder, 3);
        VideoPredictor p = VideoPredictor.create(CONFIG, 4, 4, WordEmbeddingInstructions.vocabularyOf(
                dev.worldlens.sim.Task.vocabulary()), 1);
        new TrainingLoop(TrainingConfig.builder().setSteps(5).setLearningRate(2e-3).setSeed(3).optWarmupSteps(1)
                .optWeightDecay(0).optLogEvery(5).optCheckpointEvery(5).build()).run(
                new PredictorObjective(p, clips, 4), dir);
        // the clips were standardised in place; the features standardise fresh latents with the same statistics
        LatentScale raw = TinyTabletop.rawScale(CONFIG, autoencoder, 3);
        predictor = new TrainedPredictor(p, autoencoder, raw);
        features = new PredictiveFeatures(predictor, KEYS, CONFIG.featureSigma(), PredictiveFeatures.DEFAULT_NOISE_SEED,
                true);
        manager = Torch.newManager();
    }

    @AfterAll
    static void close() {
        features.close();
        manager.close();
    }

    private static Observation observation(int episode, int t, String instruction) {
        Episode ep = TinyTabletop.episodes(3).episode(episode);
        return new Observation(Map.of(KEYS.get(0), ep.frames().frame("top", t), KEYS.get(1),
                ep.frames().frame("gripper", t)), new float[0], instruction);
    }

    private static float[] tokens(List<Observation> batch) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray t = features.tokens(scope, batch);
            assertEquals(List.of((long) batch.size(), (long) features.frames(), (long) features.tokensPerFrame(),
                    (long) features.channels()), Arrays.stream(t.getShape().getShape()).boxed().toList());
            return t.toFloatArray();
        }
    }

    @Test
    void tokensHaveTheDocumentedShapeAndAreFiniteAndDeterministic() {
        // 8 frames; 2 views x 2x2 grid; up-block 0 (32) + up-block 1 (16) channels
        assertEquals(8, features.frames());
        assertEquals(8, features.tokensPerFrame());
        assertEquals(48, features.channels());
        List<Observation> batch = List.of(observation(0, 0, "open the drawer"), observation(1, 5, "push the red "
                + "block to the left"), observation(2, 3, ""));
        float[] a = tokens(batch);
        for (float v : a) {
            assertTrue(Float.isFinite(v));
        }
        assertArrayEquals(a, tokens(batch));
        // an observation's tokens do not depend on the rest of its batch
        float[] alone = tokens(List.of(batch.get(1)));
        int per = alone.length;
        assertArrayEquals(alone, Arrays.copyOfRange(a, per, 2 * per), 1e-5f);
    }

    @Test
    void tokensDependOnTheInstructionTheFrameAndTheView() {
        float[] base = tokens(List.of(observation(0, 0, "open the drawer")));
        float[] otherText = tokens(List.of(observation(0, 0, "turn the lamp on")));
        float[] otherFrame = tokens(List.of(observation(0, 12, "open the drawer")));
        assertTrue(meanAbsDiff(base, otherText) > 1e-4, "instruction: " + meanAbsDiff(base, otherText));
        assertTrue(meanAbsDiff(base, otherFrame) > 1e-4, "frame: " + meanAbsDiff(base, otherFrame));
        // per frame the first 4 tokens are the top view's grid, the next 4 the gripper's
        int c = features.channels();
        float[] top = Arrays.copyOfRange(base, 0, 4 * c);
        float[] gripper = Arrays.copyOfRange(base, 4 * c, 8 * c);
        assertFalse(Arrays.equals(top, gripper));
    }

    @Test
    void observationsMustHoldEveryCamera() {
        Episode ep = TinyTabletop.episodes(3).episode(0);
        Observation topOnly = new Observation(Map.of(KEYS.get(0), ep.frames().frame("top", 0)), new float[0], "x");
        try (NDManager scope = manager.newSubManager()) {
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> features.tokens(scope, List.of(topOnly)));
            assertTrue(missing.getMessage().contains("observation.images.gripper"), missing.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PredictiveFeatures(predictor, List.of("top"), 80, 1, false));
        assertTrue(e.getMessage().contains("[top, gripper]"), e.getMessage());
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }

}
