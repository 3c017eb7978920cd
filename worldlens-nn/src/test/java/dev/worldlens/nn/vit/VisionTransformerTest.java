package dev.worldlens.nn.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.worldlens.nn.Adam;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VisionTransformerTest {
    private static final VitConfig TINY = VitConfig.builder().setImageSize(16).setPatchSize(4).setWidth(32)
            .setDepth(2).setHeads(2).build();

    private static float[] pixels(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static float[] run(VitConfig cfg, long seed, float[] px, int batch, int layer) {
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            VisionTransformer vit = VisionTransformer.create(cfg, p, seed);
            return vit.forwardToFloats(m, px, batch, layer);
        }
    }

    @Test
    void sameSeedGivesBitwiseSameOutputsAndAnotherSeedDiffers() {
        float[] px = pixels(2 * 3 * 16 * 16, 7);
        float[] a = run(TINY, 0, px, 2, -1);
        float[] b = run(TINY, 0, px, 2, -1);
        float[] c = run(TINY, 1, px, 2, -1);
        assertArrayEquals(a, b, 0f);
        assertFalse(java.util.Arrays.equals(a, c));
        for (float f : a) {
            assertTrue(Float.isFinite(f));
        }
    }

    @Test
    void everyLayerHasShapeBatchTokensWidth() {
        VitConfig video = VitConfig.builder().setImageSize(16).setPatchSize(4).setWidth(48).setDepth(3).setHeads(3)
                .optClipLength(4).optTubelet(2).build();
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            VisionTransformer vit = VisionTransformer.create(video, p, 3);
            NDArray x = m.create(pixels(2 * 4 * 3 * 16 * 16, 1), new Shape(2, 4, 3, 16, 16));
            List<NDArray> outs = vit.forward(x, video.depth());
            assertEquals(video.depth() + 1, outs.size());
            for (NDArray o : outs) {
                assertEquals(new Shape(2, 2 * 16, 48), o.getShape());
            }
            assertEquals(2, vit.forward(x, 1).size());
            // final LayerNorm only at full depth: its tokens have zero mean and unit variance over D
            float[] last = outs.get(3).toFloatArray();
            double mean = 0;
            for (int i = 0; i < 48; i++) {
                mean += last[i];
            }
            assertEquals(0, mean / 48, 1e-4);
            assertThrows(IllegalArgumentException.class, () -> vit.forward(x, 4));
            assertEquals(new Shape(2, 32, 2 * 3 * 16), vit.patchify(x).getShape());
        }
    }

    @Test
    void patchifyOrdersTokensByStepRowColumnAndPatchByFrameChannelPixel() {
        VitConfig cfg = VitConfig.builder().setImageSize(4).setPatchSize(2).setWidth(8).setDepth(0).setHeads(1)
                .optClipLength(2).optTubelet(2).build();
        float[] px = new float[2 * 3 * 4 * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = i;
        }
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            VisionTransformer vit = VisionTransformer.create(cfg, p, 0);
            float[] patches = vit.patchify(m.create(px, new Shape(1, 2, 3, 4, 4))).toFloatArray();
            // token 3 = row 1, col 1; element (frame 1, channel 2, y 1, x 0) -> pixel (1, 2, 3, 2)
            int pd = 2 * 3 * 2 * 2;
            int e = ((1 * 3 + 2) * 2 + 1) * 2;
            assertEquals(((1 * 3 + 2) * 4 + 3) * 4 + 2, patches[3 * pd + e], 0f);
        }
    }

    @Test
    void keepTokensGathersTheIndexedTokens() {
        try (NDManager m = Torch.newManager()) {
            NDArray tokens = m.arange(2 * 4 * 3).toType(DataType.FLOAT32, false).reshape(2, 4, 3);
            NDArray keep = m.create(new long[]{3, 0, 1, 2}, new Shape(2, 2));
            float[] kept = VisionTransformer.keepTokens(tokens, keep).toFloatArray();
            assertArrayEquals(new float[]{9, 10, 11, 0, 1, 2, 15, 16, 17, 18, 19, 20}, kept, 0f);
        }
    }

    @Test
    void positionEmbeddingIsSinCosAndDistinctPerToken() {
        float[] pe = VisionTransformer.sinCosPositionEmbedding(8, 1, 2, 2);
        // token 0 (row 0, col 0): sin 0 = 0, cos 0 = 1 in both halves
        assertArrayEquals(new float[]{0, 0, 1, 1, 0, 0, 1, 1}, java.util.Arrays.copyOf(pe, 8), 0f);
        // token 1 = col 1: column half is [sin 1, sin 0.01, cos 1, cos 0.01]
        assertEquals((float) Math.sin(1), pe[8 + 4], 1e-7f);
        assertEquals((float) Math.cos(0.01), pe[8 + 7], 1e-7f);
        float[] pe3 = VisionTransformer.sinCosPositionEmbedding(12, 2, 2, 2);
        assertEquals(2 * 4 * 12, pe3.length);
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(pe3, 0, 12),
                java.util.Arrays.copyOfRange(pe3, 4 * 12, 5 * 12)));
    }

    @Test
    void parameterCountAndFlopsMatchTheFormula() {
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            VitConfig cfg = VitConfig.small64();
            VisionTransformer vit = VisionTransformer.create(cfg, p, 0);
            long d = 192;
            long perBlock = 4 * d + (3 * d * d + 3 * d) + (d * d + d) + (4 * d * d + 4 * d) + (4 * d * d + d);
            long expected = 192L * 192 + 192 + 6 * perBlock + 2 * d;
            assertEquals(expected, vit.parameterCount());
            assertEquals(expected, p.count());
            assertEquals("s64-p8-d192x6", cfg.tag());
            // ~0.35 GFLOP per 64x64 frame
            assertTrue(vit.flopsPerClip() > 0.3e9 && vit.flopsPerClip() < 0.4e9, "" + vit.flopsPerClip());
        }
    }

    @Test
    void adamStepsReduceAnMseLossThroughTheVit() {
        try (NDManager m = Torch.newManager(); Parameters p = new Parameters(m)) {
            VisionTransformer vit = VisionTransformer.create(TINY, p, 5);
            float[] px = pixels(4 * 3 * 16 * 16, 2);
            NDArray target = m.create(pixels(4 * 16 * 32, 3), new Shape(4, 16, 32)).mul(0.5);
            Adam adam = Adam.withDefaults(p, 3e-3);
            float first = 0;
            float last = 0;
            for (int step = 0; step < 15; step++) {
                try (NDManager scope = m.newSubManager()) {
                    float loss;
                    // the input lives on the step's scope, so every intermediate does too and is freed with it
                    NDArray x = scope.create(px, new Shape(4, 1, 3, 16, 16));
                    try (GradientCollector gc = Torch.newGradientCollector()) {
                        List<NDArray> outs = vit.forward(x, -1);
                        NDArray l = outs.get(outs.size() - 1).sub(target).square().mean();
                        gc.backward(l);
                        loss = l.getFloat();
                    }
                    adam.step();
                    if (step == 0) {
                        first = loss;
                    }
                    last = loss;
                }
            }
            assertTrue(last < 0.9f * first, first + " -> " + last);
            // gradients are cleared by the step
            assertEquals(0f, p.get("vit.block0.attn.qkv.w").getGradient().abs().sum().getFloat(), 0f);
        }
    }
}
