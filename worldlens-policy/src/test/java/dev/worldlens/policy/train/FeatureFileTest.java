package dev.worldlens.policy.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Progress;
import dev.worldlens.nn.Torch;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.Tiny;
import dev.worldlens.policy.VisualFeatures;
import dev.worldlens.sim.Scene;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The disk feature cache resumes after a kill, serves what memory would, and refuses features of another origin. */
class FeatureFileTest {
    private static final ChunkSamples SAMPLES = ChunkSamples.of(Tiny.episodes(List.of(Scene.A), 0, 2), 10, 4,
            "episodes");

    /** Tokens that are a function of the state; counts the samples it computes, and can die after some batches. */
    private static final class Counting implements VisualFeatures {
        final String name;
        final int dieAfterBatches;
        int batches;
        long computed;

        Counting(String name, int dieAfterBatches) {
            this.name = name;
            this.dieAfterBatches = dieAfterBatches;
        }

        @Override
        public int frames() {
            return 1;
        }

        @Override
        public int tokensPerFrame() {
            return 2;
        }

        @Override
        public int channels() {
            return 3;
        }

        @Override
        public String identity() {
            return name;
        }

        @Override
        public NDArray tokens(NDManager manager, List<Observation> batch) {
            if (batches++ == dieAfterBatches) {
                throw new IllegalStateException("killed");
            }
            float[] out = new float[batch.size() * 6];
            for (int b = 0; b < batch.size(); b++) {
                float[] s = batch.get(b).state();
                for (int j = 0; j < 6; j++) {
                    out[b * 6 + j] = s[j] * (j + 1) + batch.get(b).instruction().length();
                }
            }
            computed += batch.size();
            return manager.create(out, new Shape(batch.size(), 1, 2, 3));
        }
    }

    @Test
    void aKilledFillResumesWhereItStoppedAndReadsAsMemoryWould(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("train.f32");
        int n = SAMPLES.size();
        assertTrue(n > 40, "samples " + n);
        try (NDManager m = Torch.newManager()) {
            Counting dying = new Counting("f", 3);
            try (FeatureCache cache = new FeatureCache(dying, SAMPLES, file)) {
                assertThrows(IllegalStateException.class, () -> cache.fill(m, 8, Progress.Bar.NONE));
            }
            assertEquals(24, Files.size(file) / (4 * 6), "three whole batches of 8 on disk");
            Counting resumed = new Counting("f", -1);
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            try (FeatureCache cache = new FeatureCache(resumed, SAMPLES, file)) {
                cache.fill(m, 8, Progress.Bar.NONE);
                assertEquals(n - 24, resumed.computed, "only the samples not yet on disk are computed");
                FeatureCache memory = new FeatureCache(new Counting("f", -1), SAMPLES, true);
                memory.fill(m, 8, Progress.Bar.NONE);
                assertArrayEquals(memory.tokens(m, all).toFloatArray(), cache.tokens(m, all).toFloatArray());
                assertArrayEquals(new long[]{2, 1, 2, 3}, cache.tokens(m, new int[]{5, 0}).getShape().getShape());
            }
            Counting again = new Counting("f", -1);
            try (FeatureCache cache = new FeatureCache(again, SAMPLES, file)) {
                cache.fill(m, 8, Progress.Bar.NONE);
                assertEquals(0, again.computed, "a complete cache is read, not computed");
            }
        }
    }

    @Test
    void aCacheOfOtherFeaturesOrSamplesIsRefused(@TempDir Path dir) {
        Path file = dir.resolve("train.f32");
        try (NDManager m = Torch.newManager(); FeatureCache cache = new FeatureCache(new Counting("predictor A", -1),
                SAMPLES, file)) {
            cache.fill(m, 16, Progress.Bar.NONE);
        }
        InvalidInputException other = assertThrows(InvalidInputException.class,
                () -> new FeatureCache(new Counting("predictor B", -1), SAMPLES, file));
        assertTrue(other.getMessage().contains("train.f32.json") && other.getMessage().contains("'features'")
                && other.getMessage().contains("predictor A"), other.getMessage());
        ChunkSamples fewer = ChunkSamples.of(Tiny.episodes(List.of(Scene.A), 0, 1), 10, 4, "episodes");
        InvalidInputException samples = assertThrows(InvalidInputException.class,
                () -> new FeatureCache(new Counting("predictor A", -1), fewer, file));
        assertTrue(samples.getMessage().contains("'samples'"), samples.getMessage());
    }
}
