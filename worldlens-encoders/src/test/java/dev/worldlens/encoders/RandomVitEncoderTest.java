package dev.worldlens.encoders;

import dev.worldlens.core.RgbImage;
import dev.worldlens.nn.vit.VitConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomVitEncoderTest {
    private static final VitConfig TINY = VitConfig.builder().setImageSize(16).setPatchSize(4).setWidth(32)
            .setDepth(2).setHeads(2).build();

    static List<Clip> clips(int n, int frames, int side, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Clip> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<RgbImage> fs = new ArrayList<>();
            for (int f = 0; f < frames; f++) {
                byte[] rgb = new byte[side * side * 3];
                for (int j = 0; j < rgb.length; j++) {
                    rgb[j] = (byte) r.nextInt(256);
                }
                fs.add(new RgbImage(side, side, rgb));
            }
            out.add(new Clip(fs, null));
        }
        return out;
    }

    @Test
    void tokensHaveTheCardsShapeAtEveryLayerAndAreDeterministic() {
        List<Clip> clips = clips(5, 1, 24, 1);
        try (RandomVitEncoder a = new RandomVitEncoder(TINY, 0, 2);
             RandomVitEncoder b = new RandomVitEncoder(TINY, 0);
             RandomVitEncoder c = new RandomVitEncoder(TINY, 1)) {
            EncoderCard card = a.card();
            assertEquals("random-vit-s16-p4-d32x2-h2-seed0", card.name());
            assertEquals("random-vit", card.family());
            assertEquals(16, card.tokensPerStep());
            assertEquals(32, card.width());
            assertEquals(2, card.layers());
            assertEquals("4", card.properties().get("patchSize"));
            assertTrue(Long.parseLong(card.properties().get("parameters")) > 0);
            for (int layer = 0; layer <= 2; layer++) {
                List<Tokens> t = a.encode(clips, layer);
                assertEquals(5, t.size());
                assertEquals(1, t.get(4).steps());
                assertEquals(16, t.get(4).count());
                assertEquals(32, t.get(4).width());
            }
            // batches of 2 and of 64 give the same tokens; the same seed twice is bitwise equal
            List<Tokens> ta = a.encode(clips, -1);
            List<Tokens> tb = b.encode(clips, -1);
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(ta.get(i).data(), tb.get(i).data(), 1e-5f);
            }
            assertArrayEquals(tb.get(3).data(), b.encode(clips, -1).get(3).data(), 0f);
            assertFalse(Arrays.equals(tb.get(0).data(), c.encode(clips, -1).get(0).data()));
            assertArrayEquals(ta.get(2).data(), a.encode(clips.subList(2, 3), -1).get(0).data(), 1e-5f);
            assertThrows(IllegalArgumentException.class, () -> a.encode(clips, 3));
        }
    }

    @Test
    void meanPoolAveragesTheTokens() {
        try (RandomVitEncoder enc = new RandomVitEncoder(TINY, 3)) {
            Tokens t = enc.encode(clips(1, 1, 16, 2), 1).get(0);
            float[] pooled = t.meanPool();
            assertEquals(32, pooled.length);
            double s = 0;
            for (int i = 0; i < t.tokenCount(); i++) {
                s += t.data()[i * 32 + 5];
            }
            assertEquals(s / t.tokenCount(), pooled[5], 1e-5);
        }
    }

    @Test
    void videoConfigsReturnOneTokenStepPerTubelet() {
        VitConfig video = TINY.withClip(4, 2);
        try (RandomVitEncoder enc = new RandomVitEncoder(video, 0)) {
            assertEquals(4, enc.card().clipLength());
            assertEquals(2, enc.card().tokenSteps());
            List<Tokens> t = enc.encode(clips(3, 4, 16, 4), 0);
            assertEquals(2, t.get(0).steps());
            assertEquals(16, t.get(0).count());
            assertEquals("sincos-3d", enc.card().properties().get("positionEmbedding"));
        }
    }
}
