package dev.worldlens.bench;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.Progress;
import dev.worldlens.encoders.family.Families;
import dev.worldlens.encoders.family.FamilyConfig;
import dev.worldlens.encoders.family.FamilyModel;
import dev.worldlens.encoders.family.PretrainData;
import dev.worldlens.encoders.family.PretrainObjective;
import dev.worldlens.nn.MatmulRate;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.TrainingConfig;
import dev.worldlens.nn.train.TrainingLoop;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pretraining throughput of every built-in family at its default size on Tabletop frames: frames per second and
 * the achieved GFLOP/s (forward FLOPs times 3 for forward plus backward, gradient-free passes once) beside the
 * engine's measured float32 matmul rate on a 256 x 768 x 256 product, the rate a perfectly efficient step would run
 * at.
 */
public final class TrainBenchmark {
    private TrainBenchmark() {
    }

    /** Runs the benchmark and prints a table, one family a row, to out; checkpoints go to temporary folders. */
    public static void run(TrainBenchmarkConfig c, PrintStream out) throws IOException {
        int steps = c.steps();
        out.printf("Training benchmark: %d cores, %d engine threads, Java %s%n",
                Runtime.getRuntime().availableProcessors(), Torch.threads(), System.getProperty("java.version"));
        MatmulRate.Result rate = MatmulRate.measure(256, 768, 256, 1.0, 3);
        out.printf("engine matmul rate %s: %.1f GFLOP/s%n", rate.shape(), rate.gflops());
        EpisodeGenerator gen = new EpisodeGenerator(GeneratorConfig.of(List.of(Scene.A, Scene.B, Scene.C),
                Setting.RANDOMISED), 3);
        List<Episode> eps = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < c.episodes(); i++) {
            eps.add(gen.generate(i));
            ids.add(i);
        }
        EpisodeSource source = EpisodeSource.of("tabletop", eps);
        out.printf("%-10s %10s %6s %9s %10s %10s %9s %8s%n", "family", "params", "batch", "s/step", "frames/s",
                "GFLOP/s", "of rate", "10-min");
        for (String family : c.families()) {
            FamilyConfig config = Families.defaults(family);
            int batch = config.option("batch", 32);
            int defaultSteps = config.option("steps", 1000);
            PretrainData data = PretrainData.load(source, ids, "top", config.imageSize(), Progress.Bar.NONE);
            Path dir = Files.createTempDirectory("worldlens-bench-train");
            try (FamilyModel model = Families.create(config, 0)) {
                PretrainObjective objective = new PretrainObjective(model, data, batch, null, 0);
                TrainingConfig warm = TrainingConfig.builder().setSteps(3).setLearningRate(1e-4).setSeed(0)
                        .optWarmupSteps(1).optWeightDecay(0.0).optLogEvery(3).optCheckpointEvery(3).build();
                new TrainingLoop(warm).run(objective, dir.resolve("warm"));
                TrainingConfig timed = TrainingConfig.builder().setSteps(steps).setLearningRate(1e-4).setSeed(0)
                        .optWarmupSteps(1).optWeightDecay(0.0).optLogEvery(steps).optCheckpointEvery(steps).build();
                TrainingLoop.Outcome o = new TrainingLoop(timed).run(objective, dir.resolve("timed"));
                double perStep = o.seconds() / steps;
                double free = objective.gradientFreeFlopsPerStep();
                double gflops = (3 * (objective.forwardFlopsPerStep() - free) + free) / perStep / 1e9;
                out.printf("%-10s %10d %6d %9.3f %10.1f %10.1f %8.0f%% %7.1fm%n", family,
                        model.encoderParameterCount(), batch, perStep, o.framesPerSecond(), gflops,
                        100 * gflops / rate.gflops(), defaultSteps * perStep / 60);
            } finally {
                deleteTree(dir);
            }
        }
        out.println("GFLOP/s counts forward matmul/conv FLOPs x 3 (forward + backward), gradient-free passes "
                + "(vjepa's EMA target) x 1; '10-min' is the family's default pretraining length at this speed "
                + "(checkpoints excluded).");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
