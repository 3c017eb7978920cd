package dev.worldlens.encoders.family;

import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.Progress;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.LossLog;
import dev.worldlens.nn.train.TrainingConfig;
import dev.worldlens.nn.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Seconds per pretraining step of the diffusion and shortcut families at their default size (64x64 synthetic
 * frames), the figure their default step counts are chosen from. Off by default; run with
 * {@code mvn -o -pl worldlens-encoders -am test -Dtest=GenerativeFamiliesBenchmark -Dworldlens.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dworldlens.bench.family=diffusion} for one family,
 * {@code -Dworldlens.bench.steps=8} for the timed steps after two warm-up steps, {@code -Dworldlens.bench.threads=1}
 * for PyTorch's intra-op threads: on a machine shared with other busy processes, two spinning OpenMP threads on two
 * cores can be ten times slower than one).
 */
@EnabledIfSystemProperty(named = "worldlens.bench", matches = "true")
class GenerativeFamiliesBenchmark {

    @Test
    void secondsPerStepAtTheDefaultSize(@TempDir Path dir) {
        String only = System.getProperty("worldlens.bench.family", "");
        int steps = Integer.getInteger("worldlens.bench.steps", 8);
        Torch.setThreads(Integer.getInteger("worldlens.bench.threads", 0));
        for (String family : new String[]{DiffusionModel.FAMILY, ShortcutModel.FAMILY}) {
            if (!only.isEmpty() && !only.equals(family)) {
                continue;
            }
            FamilyConfig config = family.equals(DiffusionModel.FAMILY) ? DiffusionModel.defaults()
                    : ShortcutModel.defaults();
            FamilyContract.Factory factory = family.equals(DiffusionModel.FAMILY) ? DiffusionModel::create
                    : ShortcutModel::create;
            EpisodeSource source = SyntheticEpisodes.create(8, 40, config.imageSize(), 0);
            PretrainData data = PretrainData.load(source, SyntheticEpisodes.all(source), "top", config.imageSize(),
                    Progress.Bar.NONE);
            int batch = config.option("batch", 32);
            double lr = config.option("lr", 1e-3);
            double[] seconds = new double[steps + 2];
            long[] last = {System.nanoTime()};
            try (FamilyModel model = factory.create(config, 0)) {
                PretrainObjective objective = new PretrainObjective(model, data, batch, null, 0);
                TrainingConfig training = TrainingConfig.defaults(steps + 2, lr, 0).withCheckpointEvery(1000);
                last[0] = System.nanoTime();
                new TrainingLoop(training).run(objective, dir.resolve(family), Progress.NONE, family,
                        (done, total, bar) -> {
                            long now = System.nanoTime();
                            seconds[done - 1] = (now - last[0]) / 1e9;
                            last[0] = now;
                        });
                double[] timed = Arrays.copyOfRange(seconds, 2, seconds.length);
                Arrays.sort(timed);
                double median = timed[timed.length / 2];
                int defaultSteps = config.option("steps", 0);
                System.out.printf(Locale.ROOT, "%s: %d trained parameters, encoder %d; batch %d, %d threads: median "
                                + "%.3f s/step (min %.3f), %.1f frames/s, %.1f forward GFLOP/s; default %d steps = "
                                + "%.1f min%n", family, model.trained().count(), model.encoderParameterCount(), batch,
                        Torch.threads(), median, timed[0], model.framesPerStep(batch) / median,
                        model.forwardFlopsPerStep(batch) / median / 1e9, defaultSteps, defaultSteps * median / 60);
                Map<String, double[]> log = LossLog.read(dir.resolve(family).resolve(LossLog.FILE));
                for (Map.Entry<String, double[]> e : log.entrySet()) {
                    System.out.println("  " + e.getKey() + " per " + training.logEvery() + " steps: "
                            + Arrays.toString(e.getValue()));
                }
            }
        }
    }
}
