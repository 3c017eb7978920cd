package dev.worldlens.encoders.family;

import dev.worldlens.nn.SingleTorchThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image-ssl family at tiny size (32 px, patch 8, width 32, depth 2, batch 8). The tiny config turns random
 * crops off: on a 4 x 4 patch grid a crop of a third of the frame keeps one or two patches of the moving square, and
 * the contrastive loss then falls too slowly and noisily for a few dozen steps (crops are checked on their own
 * below). With jitter, grayscale and blur the InfoNCE loss fell from 2.81 to 1.01 over 40 steps (first and last
 * 5-step means; log(2B - 1) = 2.71 is the chance level).
 */
@ExtendWith(SingleTorchThread.class)
class ImageSslModelTest {
    static final FamilyConfig TINY = FamilyConfig.builder().setFamily(ImageSslModel.FAMILY).setImageSize(32)
            .setPatchSize(8).setWidth(32).setDepth(2).setHeads(2)
            .optOptions(Map.of("projHidden", "64", "projDim", "32", "temperature", "0.2", "cropMinScale", "1")).build();
    static final int BATCH = 8;
    static final double LR = 2e-3;
    /** Its checks run in {@link FamilyContractTest}; the tests here use its data. */
    static final FamilyContract CONTRACT = new FamilyContract(ImageSslModel::create, TINY, BATCH, LR);

    @Test
    void featuresDoNotCollapse(@TempDir Path dir) {
        try (FamilyModel model = ImageSslModel.create(TINY, 4)) {
            double before = PooledFeatureSpread.of(model, CONTRACT.data(), 16);
            PooledFeatureSpread.train(model, CONTRACT.data(), BATCH, LR, 40, dir);
            double after = PooledFeatureSpread.of(model, CONTRACT.data(), 16);
            System.out.println("image-ssl pooled feature spread " + before + " -> " + after);
            assertTrue(after > 1e-3 && after > 0.5 * before, "pooled features collapsed: spread " + before + " -> "
                    + after);
        }
    }

    @Test
    void viewsAreDrawnFromTheRandomSourceAndStayInRange() {
        int s = 32;
        float[] frame = CONTRACT.data().clips(new SplittableRandom(3), 1, 1, 1).pixels();
        ViewAugmentation aug = ViewAugmentation.standard(0.3);
        float[] a = new float[frame.length];
        float[] b = new float[frame.length];
        float[] c = new float[frame.length];
        aug.apply(frame, 0, s, new SplittableRandom(9), a, 0);
        aug.apply(frame, 0, s, new SplittableRandom(9), b, 0);
        aug.apply(frame, 0, s, new SplittableRandom(10), c, 0);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertFalse(Arrays.equals(a, frame));
        for (float v : a) {
            assertTrue(v >= -1f && v <= 1f, "value " + v);
        }
    }

    @Test
    void aViewWithoutAugmentationIsTheFrame() {
        int s = 32;
        float[] frame = CONTRACT.data().clips(new SplittableRandom(3), 1, 1, 1).pixels();
        ViewAugmentation none = new ViewAugmentation(1.0, 0, 0.4, 0.4, 0.2, 0.1, 0, 0);
        float[] out = new float[frame.length];
        none.apply(frame, 0, s, new SplittableRandom(1), out, 0);
        assertArrayEquals(frame, out, 1e-5f);
    }

    @Test
    void defaultsDescribeASingleFrameVit() {
        FamilyConfig d = ImageSslModel.defaults();
        assertEquals(ImageSslModel.FAMILY, d.family());
        assertEquals(1, d.clipLength());
        assertTrue(d.options().containsKey("steps") && d.options().containsKey("batch")
                && d.options().containsKey("lr"));
    }

    @Test
    void optionsIterateInNameOrderSoConfigFilesDoNotReorderFromRunToRun() {
        java.util.List<String> keys = new java.util.ArrayList<>(ImageSslModel.defaults().options().keySet());
        java.util.List<String> sorted = new java.util.ArrayList<>(keys);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, keys);
    }
}
