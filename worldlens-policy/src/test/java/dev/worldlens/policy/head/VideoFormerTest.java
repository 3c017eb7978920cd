package dev.worldlens.policy.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.SingleTorchThread;
import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SingleTorchThread.class)
class VideoFormerTest {
    private static final int B = 2;
    private static final int FRAMES = 3;
    private static final int TOKENS = 10; // 2 views x 5
    private static final int CHANNELS = 12;

    private static float[] features(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[B * FRAMES * TOKENS * CHANNELS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    private static float[] run(VideoFormerConfig config, float[] input, long[] outShape) {
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            VideoFormer f = VideoFormer.create(config, FRAMES, TOKENS, CHANNELS, p, "former.", new SplittableRandom(3));
            NDArray out = f.forward(m.create(input, new Shape(B, FRAMES, TOKENS, CHANNELS)));
            long[] s = out.getShape().getShape();
            System.arraycopy(s, 0, outShape, 0, 3);
            assertEquals(f.outputTokens(), s[1]);
            return out.toFloatArray();
        }
    }

    @Test
    void formerCompressesEveryFrameToItsQueries() {
        VideoFormerConfig c = VideoFormerConfig.builder().optWidth(16).optDepth(2).optHeads(2).optHeadDim(8)
                .optQueriesPerFrame(4).optFfMult(4).build();
        long[] shape = new long[3];
        float[] out = run(c, features(1), shape);
        assertArrayEquals(new long[]{B, FRAMES * 4, 16}, shape);
        for (float v : out) {
            assertTrue(Float.isFinite(v));
        }
        // the final LayerNorm: every token has mean 0 and variance 1 over its channels
        double mean = 0;
        for (int i = 0; i < 16; i++) {
            mean += out[i];
        }
        assertEquals(0, mean / 16, 1e-4);
        // the output depends on the input
        assertFalse(java.util.Arrays.equals(out, run(c, features(2), shape)));
    }

    @Test
    void temporalAttentionMixesFramesAndItsAblationDoesNot() {
        VideoFormerConfig with = VideoFormerConfig.builder().optWidth(16).optDepth(1).optHeads(2).optHeadDim(8)
                .optQueriesPerFrame(4).optFfMult(4).build();
        VideoFormerConfig without = with.withoutTemporal();
        float[] a = features(1);
        float[] b = a.clone();
        // change only the last frame of the first sample; at init (weights N(0, 0.02)) the temporal path is weak
        // (measured 1e-4 summed over frame 0's queries) but not zero, while without it frame 0 is untouched bitwise
        int frame = TOKENS * CHANNELS;
        for (int i = 2 * frame; i < 3 * frame; i++) {
            b[i] += 5f * (float) Math.sin(i);
        }
        long[] shape = new long[3];
        float[] wa = run(with, a, shape);
        float[] wb = run(with, b, shape);
        float[] na = run(without, a, shape);
        float[] nb = run(without, b, shape);
        int tokenFloats = 4 * 16; // the 4 queries of frame 0
        double changedWith = 0;
        double changedWithout = 0;
        for (int i = 0; i < tokenFloats; i++) {
            changedWith += Math.abs(wa[i] - wb[i]);
            changedWithout += Math.abs(na[i] - nb[i]);
        }
        assertTrue(changedWith > 1e-6, "frame 0's queries read frame 2 through temporal attention: " + changedWith);
        assertEquals(0, changedWithout, 1e-7, "without temporal attention frame 0 ignores frame 2");
    }

    @Test
    void bypassKeepsEveryTokenProjected() {
        VideoFormerConfig c = VideoFormerConfig.builder().optWidth(16).optDepth(2).optHeads(2).optHeadDim(8)
                .optQueriesPerFrame(4).optFfMult(4).build().bypassed();
        long[] shape = new long[3];
        run(c, features(1), shape);
        assertArrayEquals(new long[]{B, FRAMES * TOKENS, 16}, shape);
    }

    @Test
    void pooledBypassAveragesConsecutiveTokensToTheQueryCount() {
        // 10 tokens per frame to 5: groups of 2, so swapping the tokens of a group changes nothing and swapping
        // tokens of two groups does
        VideoFormerConfig c = VideoFormerConfig.builder().optWidth(16).optDepth(2).optHeads(2).optHeadDim(8)
                .optQueriesPerFrame(5).optFfMult(4).build().bypassedPooled();
        float[] x = features(4);
        long[] shape = new long[3];
        float[] out = run(c, x, shape);
        assertArrayEquals(new long[]{B, FRAMES * 5, 16}, shape);
        assertArrayEquals(out, run(c, swapTokens(x, 2, 3), shape), 1e-5f);
        float[] across = run(c, swapTokens(x, 3, 4), shape);
        double diff = 0;
        for (int i = 0; i < out.length; i++) {
            diff = Math.max(diff, Math.abs(out[i] - across[i]));
        }
        assertTrue(diff > 1e-3, "tokens of different groups stay apart: " + diff);

        VideoFormerConfig uneven = VideoFormerConfig.builder().optWidth(16).optDepth(2).optHeads(2).optHeadDim(8)
                .optQueriesPerFrame(4).optFfMult(4).build().bypassedPooled();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(uneven, x, shape));
        assertTrue(e.getMessage().contains("10 tokens per frame"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> VideoFormerConfig.builder().optWidth(16).optDepth(2).optHeads(2).optHeadDim(8)
                        .optQueriesPerFrame(5).optFfMult(4).optPool(true).build());
    }

    /** The features with tokens {@code a} and {@code b} of every frame of every sample swapped. */
    private static float[] swapTokens(float[] x, int a, int b) {
        float[] y = x.clone();
        for (int f = 0; f < B * FRAMES; f++) {
            for (int ch = 0; ch < CHANNELS; ch++) {
                int ia = (f * TOKENS + a) * CHANNELS + ch;
                int ib = (f * TOKENS + b) * CHANNELS + ch;
                y[ia] = x[ib];
                y[ib] = x[ia];
            }
        }
        return y;
    }

    @Test
    void wrongGridIsRefused() {
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            VideoFormer f = VideoFormer.create(VideoFormerConfig.defaults(), FRAMES, TOKENS, CHANNELS, p, "f.",
                    new SplittableRandom(0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.forward(m.zeros(new Shape(B, FRAMES, TOKENS + 1, CHANNELS))));
            assertTrue(e.getMessage().contains("[B, 3, 10, 12]"), e.getMessage());
        }
    }
}
