package dev.worldlens.cli;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Pretraining throughput of every built-in family at its default size on Tabletop frames: frames per second and
 * the achieved GFLOP/s (forward FLOPs times 3 for forward plus backward, gradient-free passes once) beside the engine's measured
 * float32 matmul rate on a 256 x 768 x 256 product, the rate a perfectly efficient step would run at.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Pretraining throughput (frames/s) and achieved GFLOP/s per family vs the engine's matmul rate.")
final class TrainBenchmark implements Callable<Integer> {
    @Option(names = "--families", split = ",", description = "Families to time (default: all).")
    List<String> families = new ArrayList<>(Families.NAMES);
    @Option(names = "--steps", defaultValue = "12", description = "Timed steps per family after 3 warm-up steps "
            + "(default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--episodes", defaultValue = "40", description = "Tabletop episodes to draw batches from "
            + "(default: ${DEFAULT-VALUE}).")
    int episodes;

    @Override
    public Integer call() throws Exception {
        System.out.printf("Training benchmark: %d cores, %d engine threads, Java %s%n",
                Runtime.getRuntime().availableProcessors(), Torch.threads(), System.getProperty("java.version"));
        MatmulRate.Result rate = MatmulRate.measure(256, 768, 256, 1.0, 3);
        System.out.printf("engine matmul rate %s: %.1f GFLOP/s%n", rate.shape(), rate.gflops());
        EpisodeGenerator gen = new EpisodeGenerator(GeneratorConfig.of(List.of(Scene.A, Scene.B, Scene.C),
                Setting.RANDOMISED), 3);
        List<Episode> eps = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            eps.add(gen.generate(i));
            ids.add(i);
        }
        EpisodeSource source = EpisodeSource.of("tabletop", eps);
        System.out.printf("%-10s %10s %6s %9s %10s %10s %9s %8s%n", "family", "params", "batch", "s/step", "frames/s",
                "GFLOP/s", "of rate", "10-min");
        for (String family : families) {
            FamilyConfig config = Families.defaults(family);
            int batch = config.option("batch", 32);
            int defaultSteps = config.option("steps", 1000);
            PretrainData data = PretrainData.load(source, ids, "top", config.imageSize(), n -> { });
            Path dir = Files.createTempDirectory("worldlens-bench-train");
            try (FamilyModel model = Families.create(config, 0)) {
                PretrainObjective objective = new PretrainObjective(model, data, batch, null, 0);
                TrainingConfig warm = TrainingConfig.builder().setSteps(3).setLearningRate(1e-4).setSeed(0)
                        .optWarmupSteps(1).optWeightDecay(0.0).optLogEvery(3).optCheckpointEvery(3).build();
                new TrainingLoop(warm).run(objective, dir.resolve("warm"), null);
                TrainingConfig timed = TrainingConfig.builder().setSteps(steps).setLearningRate(1e-4).setSeed(0)
                        .optWarmupSteps(1).optWeightDecay(0.0).optLogEvery(steps).optCheckpointEvery(steps).build();
                TrainingLoop.Outcome o = new TrainingLoop(timed).run(objective, dir.resolve("timed"), null);
                double perStep = o.seconds() / steps;
                double free = objective.gradientFreeFlopsPerStep();
                double gflops = (3 * (objective.forwardFlopsPerStep() - free) + free) / perStep / 1e9;
                System.out.printf("%-10s %10d %6d %9.3f %10.1f %10.1f %8.0f%% %7.1fm%n", family,
                        model.encoderParameterCount(), batch, perStep, o.framesPerSecond(), gflops,
                        100 * gflops / rate.gflops(), defaultSteps * perStep / 60);
            } finally {
                deleteTree(dir);
            }
        }
        System.out.println("GFLOP/s counts forward matmul/conv FLOPs x 3 (forward + backward), gradient-free passes "
                + "(vjepa's EMA target) x 1; '10-min' is the family's default pretraining length at this speed "
                + "(checkpoints excluded).");
        return 0;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
