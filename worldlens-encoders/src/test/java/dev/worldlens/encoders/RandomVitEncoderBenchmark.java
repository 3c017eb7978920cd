package dev.worldlens.encoders;

import dev.worldlens.nn.Torch;
import dev.worldlens.nn.vit.VitConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.List;
import java.util.Locale;

/**
 * Forward throughput of the small64 random ViT at batch 64. Off by default; run with
 * {@code mvn -B -o test -pl worldlens-encoders -Dtest=RandomVitEncoderBenchmark -Dworldlens.bench=true}
 * (add {@code -Dsurefire.failIfNoSpecifiedTests=false} when other modules are built in the same run;
 * {@code -Dworldlens.bench.threads=1} sets PyTorch's intra-op threads).
 */
@EnabledIfSystemProperty(named = "worldlens.bench", matches = "true")
class RandomVitEncoderBenchmark {
    @Test
    void small64FramesPerSecondAtBatch64() {
        int batches = Integer.getInteger("worldlens.bench.batches", 10);
        Torch.setThreads(Integer.getInteger("worldlens.bench.threads", 0));
        for (int frameSide : new int[]{64, 128}) {
            List<Clip> clips = RandomVitEncoderTest.clips(64, 1, frameSide, 9);
            try (RandomVitEncoder enc = new RandomVitEncoder(VitConfig.small64(), 0)) {
                for (int i = 0; i < 3; i++) {
                    enc.encode(clips, -1);
                }
                double[] ms = new double[batches];
                long t0 = System.nanoTime();
                for (int i = 0; i < batches; i++) {
                    long b0 = System.nanoTime();
                    enc.encode(clips, -1);
                    ms[i] = (System.nanoTime() - b0) / 1e6;
                }
                double s = (System.nanoTime() - t0) / 1e9;
                java.util.Arrays.sort(ms);
                long p0 = System.nanoTime();
                for (int i = 0; i < batches; i++) {
                    enc.preprocessor().clipsToArray(clips, 1);
                }
                double ps = (System.nanoTime() - p0) / 1e9;
                double fps = batches * 64 / s;
                double best = 64 / (ms[0] / 1000);
                double median = 64 / (ms[batches / 2] / 1000);
                double gflops = best * enc.model().flopsPerClip() / 1e9;
                System.out.printf(Locale.ROOT, "random-vit small64, %dx%d frames, batch 64, %d threads: mean %.1f,"
                                + " median %.1f, best %.1f frames/s (best batch %.1f ms, %.0f GFLOP/s);"
                                + " preprocessing %.1f ms/batch%n", frameSide, frameSide, Torch.threads(), fps, median,
                        best, ms[0], gflops, 1000 * ps / batches);
            }
        }
    }
}
