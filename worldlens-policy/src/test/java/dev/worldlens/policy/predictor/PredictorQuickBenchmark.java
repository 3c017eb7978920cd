package dev.worldlens.policy.predictor;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.Progress;
import dev.worldlens.nn.Torch;
import dev.worldlens.policy.eval.TabletopInputs;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stage 1 at {@link PredictorConfig#quick()} size on Tabletop episodes at the sim's default cameras (top 64x64,
 * gripper 32x32, scenes A-C): seconds per autoencoder and predictor step and per phase, the figures the quick
 * defaults are sized from. Off by default; run with {@code mvn -o -pl worldlens-policy -am test
 * -Dtest=PredictorQuickBenchmark -Dworldlens.bench=true -Dsurefire.failIfNoSpecifiedTests=false}, with
 * {@code -Dworldlens.bench.episodes=N} (default 40), {@code -Dworldlens.bench.steps=S} (predictor steps; autoencoder
 * steps are half; 0 keeps the quick defaults), {@code -Dworldlens.bench.threads=T} (PyTorch intra-op threads) and
 * {@code -Dworldlens.bench.out=DIR} (keep the run folder, e.g. to look at its sample GIFs).
 */
@EnabledIfSystemProperty(named = "worldlens.bench", matches = "true")
class PredictorQuickBenchmark {

    @Test
    void quickStageOne() throws Exception {
        int episodes = Integer.getInteger("worldlens.bench.episodes", 40);
        int steps = Integer.getInteger("worldlens.bench.steps", 20);
        Torch.setThreads(Integer.getInteger("worldlens.bench.threads", 1));
        Path out = Path.of(System.getProperty("worldlens.bench.out",
                java.nio.file.Files.createTempDirectory("predictor-bench").toString()));
        long t0 = System.nanoTime();
        GeneratorConfig gc = GeneratorConfig.of(List.of(Scene.A, Scene.B, Scene.C), Setting.STATIC);
        EpisodeGenerator generator = new EpisodeGenerator(gc, 0);
        List<Episode> list = new ArrayList<>();
        long frames = 0;
        for (int i = 0; i < episodes; i++) {
            list.add(generator.generate(i));
            frames += list.get(i).length();
        }
        System.out.printf(Locale.ROOT, "%d episodes, %d frames generated in %.1f s%n", episodes, frames,
                (System.nanoTime() - t0) / 1e9);
        PredictorConfig quick = PredictorConfig.quick();
        PredictorConfig config = steps <= 0 ? quick : quick.toBuilder().setSteps(steps).optAutoencoderRun("")
                .setAutoencoderSteps(Math.max(1, steps / 2)).build();
        Map<String, Long> phaseStart = new HashMap<>();
        Map<String, double[]> stepTimes = new HashMap<>();
        long[] last = {System.nanoTime()};
        // times each stage's bar: frames loaded per phase, seconds per training step ("train autoencoder" and
        // "train predictor" are kept as "autoencoder" and "predictor")
        Progress timing = (stage, total, before) -> {
            long opened = System.nanoTime();
            last[0] = opened;
            boolean training = stage.startsWith("train ");
            double[] times = new double[(int) total];
            if (training) {
                stepTimes.put(stage.substring("train ".length()), times);
            }
            return new Progress.Bar() {
                private long done = before;
                private String message = "";

                @Override
                public void step(long n) {
                    long now = System.nanoTime();
                    if (training) {
                        times[(int) done] = (now - last[0]) / 1e9;
                    }
                    last[0] = now;
                    done += n;
                }

                @Override
                public long current() {
                    return done;
                }

                @Override
                public void message(String m) {
                    message = m;
                }

                @Override
                public void close() {
                    if (training) {
                        System.out.printf(Locale.ROOT, "%s: %d steps, median %.3f s/step, last %s%n", stage, total,
                                median(times), message);
                    } else {
                        System.out.printf(Locale.ROOT, "%s: %d frames in %.1f s%n", stage, total,
                                (System.nanoTime() - opened) / 1e9);
                    }
                }
            };
        };
        long j0 = System.nanoTime();
        PredictorJob.Outcome o = PredictorJob.run(config, EpisodeSource.of("bench", list), TabletopInputs.instructions(),
                out, timing);
        System.out.printf(Locale.ROOT, "job %.1f s with %d threads; %d samples in %s%n",
                (System.nanoTime() - j0) / 1e9, Torch.threads(), o.samples().size(), out);
        if (stepTimes.containsKey("autoencoder") && stepTimes.containsKey("predictor")) {
            double ae = median(stepTimes.get("autoencoder"));
            double pr = median(stepTimes.get("predictor"));
            System.out.printf(Locale.ROOT, "quick defaults would train: autoencoder %d x %.3f s = %.1f min, predictor "
                    + "%d x %.3f s = %.1f min%n", quick.autoencoderSteps(), ae, quick.autoencoderSteps() * ae / 60,
                    quick.steps(), pr, quick.steps() * pr / 60);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
