package dev.worldlens.probe;

import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training steps per second of the CNN probe (default channels, batch 64) at 32x32 and 64x64 frames, kernel 4 and 3.
 * Off by default; run with {@code mvn -B -o test -pl worldlens-probe -am -Dtest=CnnProbeBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dworldlens.bench=true} ({@code -Dworldlens.bench.threads=N} sets PyTorch's
 * intra-op threads, default the engine's).
 */
@EnabledIfSystemProperty(named = "worldlens.bench", matches = "true")
class CnnProbeBenchmark {
    @Test
    void stepsPerSecondAtBatch64() {
        int threads = Integer.getInteger("worldlens.bench.threads", 0);
        int steps = Integer.getInteger("worldlens.bench.steps", 30);
        for (int side : new int[]{32, 64}) {
            PairSet pairs = randomFramePairs(side, 512);
            for (int kernel : new int[]{4, 3}) {
                CnnProbeConfig c = CnnProbeConfig.defaults().withKernel(kernel).withThreads(threads);
                double warm = new CnnProbe(c.withSteps(5)).fit(pairs, 0).fitSeconds();
                double full = new CnnProbe(c.withSteps(5 + steps)).fit(pairs, 0).fitSeconds();
                System.out.printf(Locale.ROOT, "cnn probe %dx%d kernel %d, %d threads: %.1f steps/s (%.0f ms a step)%n",
                        side, side, kernel, Torch.threads(), steps / (full - warm), 1000 * (full - warm) / steps);
            }
        }
    }

    /** Uniform random pixels of 2 * pairs frames, pair i = (2i, 2i + 1), two random targets. */
    private static PairSet randomFramePairs(int side, int pairs) {
        SplittableRandom rng = new SplittableRandom(1);
        int d = side * side * 3;
        float[] z = new float[2 * pairs * d];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextDouble();
        }
        float[][] targets = new float[pairs][2];
        for (float[] t : targets) {
            t[0] = (float) rng.nextGaussian();
            t[1] = (float) rng.nextGaussian();
        }
        return MlpProbeTest.pairsOf(new FrameFeatures(2 * pairs, d, z, 0, null), targets);
    }
}
