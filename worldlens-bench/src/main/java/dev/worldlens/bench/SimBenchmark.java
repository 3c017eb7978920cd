package dev.worldlens.bench;

import dev.worldlens.core.Episode;
import dev.worldlens.core.Progress;
import dev.worldlens.sim.Camera;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.ExpertStyle;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Renderer;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import dev.worldlens.sim.TabletopWorld;
import dev.worldlens.sim.Task;
import dev.worldlens.sim.dataset.SimDatasetJob;
import dev.worldlens.sim.dataset.SimGenerateConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Simulator throughput: control steps per second on one thread (physics and expert only; with both cameras
 * rendered), frames per second per camera, and whole episodes per minute, in memory and written to a LeRobot
 * dataset (PNG encoding and Parquet included). Each figure is the best of several timed rounds after a warm-up.
 */
public final class SimBenchmark {
    private final SimBenchmarkConfig c;
    private final PrintStream out;

    private SimBenchmark(SimBenchmarkConfig config, PrintStream out) {
        this.c = config;
        this.out = out;
    }

    /** Runs the benchmark and prints its figures, one per line, to out. */
    public static void run(SimBenchmarkConfig config, PrintStream out) {
        new SimBenchmark(config, out).run();
    }

    private void run() {
        out.printf("Tabletop simulator benchmark: top %dx%d, gripper %dx%d, %d cores, Java %s%n", c.topSize(),
                c.topSize(), c.gripperSize(), c.gripperSize(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        GeneratorConfig base = GeneratorConfig.of(List.of(Scene.A, Scene.B, Scene.C), Setting.RANDOMISED)
                .withCameras(c.topSize(), c.gripperSize());
        stepsPerSecond(base.withoutRendering(), 1);
        double physics = best(() -> stepsPerSecond(base.withoutRendering(), 2));
        stepsPerSecond(base, 1);
        double rendered = best(() -> stepsPerSecond(base, 2));
        double topFps = best(() -> framesPerSecond(Camera.TOP));
        double gripperFps = best(() -> framesPerSecond(Camera.GRIPPER));
        out.printf("%-52s %12.0f%n", "steps/s, physics + expert, no cameras (1 thread)", physics);
        out.printf("%-52s %12.0f   target >= 2000%n", "steps/s, both cameras rendered (1 thread)", rendered);
        out.printf("%-52s %12.0f%n", "frames/s, top camera render only", topFps);
        out.printf("%-52s %12.0f%n", "frames/s, gripper camera render only", gripperFps);
        episodesPerMinute(base);
    }

    private double best(DoubleSupplier round) {
        double best = 0;
        for (int r = 0; r < c.rounds(); r++) {
            best = Math.max(best, round.getAsDouble());
        }
        return best;
    }

    /** Steps per second of expert episodes; only steps of kept (successful) episodes count. */
    private double stepsPerSecond(GeneratorConfig config, long seed) {
        EpisodeGenerator gen = new EpisodeGenerator(config.withStyle(ExpertStyle.DEFAULT), seed);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Task> tasks = Task.all();
        long done = 0;
        long t0 = System.nanoTime();
        while (done < c.steps()) {
            EpisodeGenerator.Recording rec = gen.demonstrate(tasks.get(rng.nextInt(tasks.size())), Scene.A, rng);
            if (rec != null) {
                done += rec.length();
            }
        }
        return done / ((System.nanoTime() - t0) / 1e9);
    }

    private double framesPerSecond(Camera camera) {
        SplittableRandom rng = new SplittableRandom(3);
        TabletopWorld world = new TabletopWorld(Scene.A.realise(Setting.RANDOMISED, rng), rng);
        Renderer renderer = new Renderer(world.scene(), c.topSize(), c.gripperSize());
        int n = c.steps();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            world.step(new float[]{(float) Math.sin(i * 0.05), (float) Math.cos(i * 0.03), 0.2f, -1});
            renderer.render(world, camera);
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private void episodesPerMinute(GeneratorConfig config) {
        int episodes = c.episodes();
        EpisodeGenerator gen = new EpisodeGenerator(config, 5);
        for (int i = 0; i < 10; i++) {
            gen.generate(1000 + i);
        }
        long t0 = System.nanoTime();
        long frames = 0;
        for (int i = 0; i < episodes; i++) {
            Episode e = gen.generate(i);
            frames += e.length();
        }
        double oneThread = episodes / ((System.nanoTime() - t0) / 60e9);
        t0 = System.nanoTime();
        IntStream.range(0, episodes).parallel().forEach(gen::generate);
        double allCores = episodes / ((System.nanoTime() - t0) / 60e9);
        out.printf("%-52s %12.0f   (%.0f steps per episode on average)%n",
                "episodes/min in memory, 1 thread", oneThread, frames / (double) episodes);
        out.printf("%-52s %12.0f%n", "episodes/min in memory, all cores", allCores);
        Path dir;
        try {
            dir = Files.createTempDirectory("worldlens-bench-sim");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            SimGenerateConfig g = SimGenerateConfig.builder().optScenes("A,B,C").optSetting("randomised")
                    .optEpisodes(episodes).optSeed(5).optTopSize(c.topSize()).optGripperSize(c.gripperSize())
                    .optPlayTasks(0).optMaxSteps(SimGenerateConfig.DEFAULT_MAX_STEPS)
                    .optEpisodesPerFile(SimGenerateConfig.DEFAULT_PER_FILE).build();
            t0 = System.nanoTime();
            SimDatasetJob.run(g, dir.resolve("dataset"), Progress.NONE);
            double written = episodes / ((System.nanoTime() - t0) / 60e9);
            out.printf("%-52s %12.0f%n", "episodes/min written as LeRobot v3.0, all cores", written);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
