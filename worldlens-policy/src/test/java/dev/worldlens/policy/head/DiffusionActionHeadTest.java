package dev.worldlens.policy.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.worldlens.nn.Adam;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.SingleTorchThread;
import dev.worldlens.nn.Torch;
import dev.worldlens.policy.eval.TabletopInputs;
import dev.worldlens.policy.language.WordEmbeddingInstructions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SingleTorchThread.class)
class DiffusionActionHeadTest {
    private static final ActionHeadConfig TINY = ActionHeadConfig.defaults().withWidth(32, 2).withDepth(1, 1);

    @Test
    void samplerWalksVppsExponentialScheduleToZero() {
        double[] s = ActionHeadConfig.defaults().samplingSigmas();
        assertEquals(11, s.length);
        assertEquals(80, s[0], 1e-9);
        assertEquals(1.0, s[9], 1e-9);
        assertEquals(0, s[10]);
        for (int i = 0; i + 2 < s.length; i++) {
            assertEquals(Math.log(s[i] / s[i + 1]), Math.log(80) / 9, 1e-9, "even steps in ln(sigma)");
        }
    }

    @Test
    void trainingSigmasFollowTheTruncatedLogLogistic() {
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            DiffusionActionHead head = DiffusionActionHead.create(TINY, 16, List.of("a"), p, "h.",
                    new SplittableRandom(0));
            float[] sig = head.trainingSigmas(new SplittableRandom(1), 20001);
            float[] sorted = sig.clone();
            Arrays.sort(sorted);
            assertTrue(sorted[0] >= 0.001f && sorted[sorted.length - 1] <= 80f);
            assertEquals(0.5, sorted[10000], 0.02, "median exp(ln 0.5)");
            // quartiles of a logistic with scale 0.5: ln 0.5 +- 0.5 ln 3
            assertEquals(0.5 * Math.exp(-0.5 * Math.log(3)), sorted[5000], 0.02);
            assertEquals(0.5 * Math.exp(0.5 * Math.log(3)), sorted[15000], 0.03);
        }
    }

    /**
     * Constant context tokens: the head must learn chunk = f(instruction) from the instruction token alone. VPP's
     * training law puts 0.25% of its sigmas above 10, so 150 steps would hardly train the levels its sampler starts
     * from (80 down; measured: the denoiser is right below sigma 2 and wrong above 10, and samples come out wrong):
     * here sigmaMax 5 bounds both the training law and the sampler's start.
     */
    @Test
    void headLearnsInstructionConditionedChunks() {
        List<String> vocabulary = TabletopInputs.vocabulary();
        ActionHeadConfig bounded = ActionHeadConfig.builder().optWidth(32).optEncoderDepth(1).optDecoderDepth(1)
                .optHeads(2).optSigmaMax(5).build();
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            DiffusionActionHead head = DiffusionActionHead.create(bounded, 8, vocabulary, p, "h.",
                    new SplittableRandom(0));
            List<String> instructions = List.of("open the drawer", "close the drawer");
            List<String> batch = new java.util.ArrayList<>();
            float[] target = new float[32 * 10 * 4];
            for (int b = 0; b < 32; b++) {
                batch.add(instructions.get(b % 2));
                Arrays.fill(target, b * 40, b * 40 + 40, b % 2 == 0 ? 0.6f : -0.6f);
            }
            Adam adam = new Adam(p, 3e-3, 0.9, 0.9, 1e-8, 0);
            double first = 0;
            double last = 0;
            for (int step = 0; step < 150; step++) {
                SplittableRandom rng = new SplittableRandom(step);
                try (NDManager scope = m.newSubManager()) {
                    NDArray loss;
                    try (GradientCollector gc = Torch.newGradientCollector()) {
                        NDArray tokens = scope.zeros(new Shape(32, 3, 8));
                        NDArray actions = scope.create(target, new Shape(32, 10, 4));
                        loss = head.loss(head.context(tokens, batch), actions, rng);
                        gc.backward(loss);
                    }
                    double l = loss.getFloat();
                    if (step < 10) {
                        first += l / 10;
                    }
                    if (step >= 140) {
                        last += l / 10;
                    }
                }
                adam.step();
            }
            assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
            try (NDManager scope = m.newSubManager()) {
                NDArray context = head.context(scope.zeros(new Shape(2, 3, 8)), instructions);
                float[] chunk = head.sample(context, new SplittableRandom(9)).toFloatArray();
                float[] again = head.sample(context, new SplittableRandom(9)).toFloatArray();
                assertArrayEquals(chunk, again, 0f);
                double open = 0;
                double close = 0;
                for (int i = 0; i < 40; i++) {
                    open += chunk[i] / 40;
                    close += chunk[40 + i] / 40;
                }
                assertEquals(0.6, open, 0.15, "sampled chunk for 'open the drawer'");
                assertEquals(-0.6, close, 0.15, "sampled chunk for 'close the drawer'");
            }
        }
    }

    /**
     * The demonstrated chunks change over the chunk (move, then stop and close the gripper at action 5, as a grasp
     * does), under constant context tokens and one of two instructions (the second chunk is the first reversed in
     * time). At high noise the noisy actions carry nothing, so only a position signal of the action tokens can tell
     * action 0 from action 9; without one the head can only answer every position with the chunk's average.
     */
    @Test
    @Tag("slow")
    void headLearnsChunksThatChangeOverTheChunk() {
        List<String> vocabulary = TabletopInputs.vocabulary();
        ActionHeadConfig bounded = ActionHeadConfig.builder().optWidth(32).optEncoderDepth(1).optDecoderDepth(1)
                .optHeads(2).optSigmaMax(5).build();
        float[][] demo = new float[2][40];
        for (int h = 0; h < 10; h++) {
            boolean early = h < 5;
            float[] grasp = {early ? 0.8f : 0f, early ? -0.4f : 0f, 0f, early ? -1f : 1f};
            System.arraycopy(grasp, 0, demo[0], h * 4, 4);
            System.arraycopy(grasp, 0, demo[1], (9 - h) * 4, 4);
        }
        List<String> instructions = List.of("open the drawer", "close the drawer");
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            DiffusionActionHead head = DiffusionActionHead.create(bounded, 8, vocabulary, p, "h.",
                    new SplittableRandom(0));
            List<String> batch = new java.util.ArrayList<>();
            float[] target = new float[32 * 40];
            for (int b = 0; b < 32; b++) {
                batch.add(instructions.get(b % 2));
                System.arraycopy(demo[b % 2], 0, target, b * 40, 40);
            }
            Adam adam = new Adam(p, 3e-3, 0.9, 0.9, 1e-8, 0);
            // 1500 steps: the high noise levels, 6% of the training law, are learnt last, after a plateau whose end
            // moved from run to run (measured at 900 steps: 0.001 run alone, 0.17 after other test classes in the JVM,
            // before Scalars fixed the attention scale that backward read from freed memory)
            for (int step = 0; step < 1500; step++) {
                SplittableRandom rng = new SplittableRandom(step);
                try (NDManager scope = m.newSubManager()) {
                    try (GradientCollector gc = Torch.newGradientCollector()) {
                        NDArray actions = scope.create(target, new Shape(32, 10, 4));
                        gc.backward(head.loss(head.context(scope.zeros(new Shape(32, 3, 8)), batch), actions, rng));
                    }
                }
                adam.step();
            }
            try (NDManager scope = m.newSubManager()) {
                NDArray context = head.context(scope.zeros(new Shape(2, 3, 8)), instructions);
                assertTrue(denoiserMse(head, context, demo, 3.0) < 0.02, "denoiser at sigma 3: "
                        + denoiserMse(head, context, demo, 3.0));
                float[] chunk = head.sample(context, new SplittableRandom(9)).toFloatArray();
                double mse = 0;
                for (int i = 0; i < 80; i++) {
                    float want = demo[i / 40][i % 40];
                    mse += (chunk[i] - want) * (chunk[i] - want) / 80;
                }
                // answering every position with the chunk's average scores 0.30; the demonstrations' values are
                // exact, so a head that reads positions gets them within a few hundredths
                assertTrue(mse < 0.03, "sampled chunks " + Arrays.toString(chunk) + ", MSE " + mse);
            }
        }
    }

    /** MSE of D(demo + sigma n; sigma) against the demonstrations, over 20 fixed noise draws. */
    private static double denoiserMse(DiffusionActionHead head, NDArray context, float[][] demo, double sigma) {
        SplittableRandom noise = new SplittableRandom(3);
        double sum = 0;
        int draws = 20;
        for (int r = 0; r < draws; r++) {
            float[] x = new float[80];
            for (int i = 0; i < 80; i++) {
                x[i] = (float) (demo[i / 40][i % 40] + sigma * noise.nextGaussian());
            }
            float[] d = head.denoise(context, context.getManager().create(x, new Shape(2, 10, 4)),
                    new float[]{(float) sigma, (float) sigma}).toFloatArray();
            for (int i = 0; i < 80; i++) {
                sum += Math.pow(d[i] - demo[i / 40][i % 40], 2) / (80.0 * draws);
            }
        }
        return sum;
    }

    @Test
    void unknownWordsShareOneEmbedding() {
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            InstructionToken enc = InstructionToken.create(List.of("open", "the", "drawer"), 8, 8, p, "l.",
                    new SplittableRandom(0));
            assertEquals(List.of("please"), enc.unknownWords("Please open the drawer!"));
            float[] a = enc.forward(m, List.of("open the wardrobe")).toFloatArray();
            float[] b = enc.forward(m, List.of("open the cupboard")).toFloatArray();
            float[] c = enc.forward(m, List.of("open the drawer")).toFloatArray();
            assertArrayEquals(a, b, 0f);
            assertTrue(!Arrays.equals(a, c));
            assertEquals(List.of("close", "drawer", "open", "the"),
                    WordEmbeddingInstructions.vocabularyOf(List.of("Open the drawer", "close the drawer")));
        }
    }
}
