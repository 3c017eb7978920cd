package dev.worldlens.encoders.family;

import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.Progress;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.TrainingConfig;
import dev.worldlens.nn.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Pretraining speed of the image-ssl and vjepa families at their default size (64 px, default batch) on synthetic
 * episodes: seconds per step and frames per second over {@code worldlens.bench.steps} steps (10) after 3 warm-up
 * steps, and what that makes of the default step count. Off by default; run with
 * {@code mvn -B -o -pl worldlens-encoders -am test -Dtest=SslFamiliesBenchmark -Dworldlens.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dworldlens.bench.family=vjepa} for one family,
 * {@code -Dworldlens.bench.threads=1} for PyTorch's intra-op threads).
 */
@EnabledIfSystemProperty(named = "worldlens.bench", matches = "true")
class SslFamiliesBenchmark {

    @Test
    void defaultSizeStepTime() throws Exception {
        Torch.setThreads(Integer.getInteger("worldlens.bench.threads", 0));
        String only = System.getProperty("worldlens.bench.family", "");
        int steps = Integer.getInteger("worldlens.bench.steps", 10);
        if (only.isEmpty() || only.equals(ImageSslModel.FAMILY)) {
            measure(ImageSslModel.defaults(), ImageSslModel::create, steps);
        }
        if (only.isEmpty() || only.equals(VjepaModel.FAMILY)) {
            measure(VjepaModel.defaults(), VjepaModel::create, steps);
        }
    }

    /**
     * CPU time of the whole process: with one intra-op thread it is close to the wall time the same steps take on an
     * idle core, even when other jobs share the machine (wall time then measures the sharing as much as the model).
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void measure(FamilyConfig config, FamilyContract.Factory factory, int steps) throws Exception {
        EpisodeSource source = SyntheticEpisodes.create(8, 40, config.imageSize(), 0);
        PretrainData data = PretrainData.load(source, SyntheticEpisodes.all(source), "top", config.imageSize(),
                Progress.Bar.NONE);
        int batch = config.option("batch", 32);
        int total = config.option("steps", 1000);
        try (FamilyModel model = factory.create(config, 0)) {
            PretrainObjective objective = new PretrainObjective(model, data, batch, null, 0);
            TrainingConfig warm = TrainingConfig.defaults(3, config.option("lr", 1e-3), 0);
            new TrainingLoop(warm).run(objective, Files.createTempDirectory("bench-warm"));
            Path dir = Files.createTempDirectory("bench");
            TrainingConfig timed = TrainingConfig.defaults(steps, config.option("lr", 1e-3), 0);
            long cpu0 = processCpuNanos();
            TrainingLoop.Outcome o = new TrainingLoop(timed).run(objective, dir);
            double cpuPerStep = (processCpuNanos() - cpu0) / 1e9 / steps;
            double perStep = o.seconds() / steps;
            System.out.printf(Locale.ROOT, "%s: %d trained parameters (encoder %d), batch %d, %d threads: %.3f s/step"
                            + " (process CPU %.3f s/step), %.1f frames/s, %.2f GFLOP/s forward; %d default steps take"
                            + " about %.1f min%n", config.family(), model.trained().count(),
                    model.encoderParameterCount(), batch, Torch.threads(), perStep, cpuPerStep, o.framesPerSecond(),
                    model.forwardFlopsPerStep(batch) / perStep / 1e9, total, total * perStep / 60);
        }
    }
}
