package dev.worldlens.cli;
import dev.worldlens.core.AnimatedGifWriter;
import dev.worldlens.core.Episode;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Progress;
import dev.worldlens.data.DatasetSummary;
import dev.worldlens.data.lerobot.LeRobotDatasetReader;
import dev.worldlens.sim.CameraView;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import dev.worldlens.sim.Tabletop;
import dev.worldlens.sim.Task;
import dev.worldlens.sim.dataset.SimDatasetJob;
import dev.worldlens.sim.dataset.SimGenerateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** The Tabletop simulator: generate datasets, render expert episodes. */
@Command(name = "sim", mixinStandardHelpOptions = true, description = "The built-in Tabletop simulator.",
        subcommands = {SimCommand.Generate.class, SimCommand.Render.class, SimCommand.Tasks.class})
final class SimCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Write expert episodes as a LeRobot v3.0 dataset (PNG frames in Parquet), with "
                    + "config.yaml and provenance.json. Interrupted runs resume when run again."})
    static final class Generate implements Callable<Integer> {

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output dataset folder.")
        Path out;
        @Option(names = "--scenes", defaultValue = SimGenerateConfig.DEFAULT_SCENES,
                description = "Scenes, comma separated, from A, B, C, D (default: ${DEFAULT-VALUE}).")
        String scenes;
        @Option(names = "--setting", defaultValue = SimGenerateConfig.DEFAULT_SETTING,
                description = "static (fixed layout per scene) or randomised (layout, distractors, lighting per "
                        + "episode) (default: ${DEFAULT-VALUE}).")
        String setting;
        @Option(names = "--episodes", defaultValue = "" + SimGenerateConfig.DEFAULT_EPISODES,
                description = "Number of episodes (default: ${DEFAULT-VALUE}).")
        int episodes;
        @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;
        @Mixin
        CameraOptions cameras;
        @Option(names = "--play-tasks", defaultValue = "0",
                description = "0: one task per episode; N > 0: play episodes chaining N tasks, each with its own "
                        + "language window (default: ${DEFAULT-VALUE}).")
        int playTasks;
        @Option(names = "--balanced", description = "Play episodes open with each task id in turn (from a start "
                + "state that allows it), so that every task id has at least episodes / ids demonstrations, rare "
                + "preconditions (a block in the drawer) included.")
        boolean balanced;
        @Option(names = "--max-steps", defaultValue = "" + SimGenerateConfig.DEFAULT_MAX_STEPS,
                description = "Longest episode, in control steps at 15 Hz (default: ${DEFAULT-VALUE}).")
        int maxSteps;
        @Option(names = "--episodes-per-file", defaultValue = "" + SimGenerateConfig.DEFAULT_PER_FILE,
                description = "Episodes per Parquet data file; also the unit of resumption (default: "
                        + "${DEFAULT-VALUE}).")
        int perFile;
        @Option(names = "--labels", defaultValue = SimGenerateConfig.DEFAULT_LABELS,
                description = "executed (the gripper's actual motion over the step, in command units) or commanded "
                        + "(the expert's command, which the world may refuse in part) (default: ${DEFAULT-VALUE}).")
        String labels;
        @Option(names = "--action-frame", defaultValue = SimGenerateConfig.DEFAULT_ACTION_FRAME,
                description = "world (table axes) or gripper (dx, dy turned by minus the gripper's yaw at t: the "
                        + "gripper camera's image axes) (default: ${DEFAULT-VALUE}).")
        String actionFrame;
        @Option(names = "--expert-noise", defaultValue = "" + SimGenerateConfig.DEFAULT_EXPERT_NOISE,
                description = "Std of the Gaussian noise on each expert command, 0..1 (default: ${DEFAULT-VALUE}).")
        double expertNoise;
        @Option(names = "--action-repeat", defaultValue = "" + SimGenerateConfig.DEFAULT_ACTION_REPEAT,
                description = "World steps per recorded step, 1..8: the command is held, every n-th frame kept, "
                        + "and an executed label sums the n steps' motion, so it can exceed 1 (default: "
                        + "${DEFAULT-VALUE}).")
        int actionRepeat;
        @Option(names = "--quiet", description = "No progress bar and no summary.")
        boolean quiet;

        @Override
        public Integer call() {
            SimGenerateConfig config = SimGenerateConfig.builder().optScenes(scenes).optSetting(setting)
                    .optEpisodes(episodes).optSeed(seed).optTopSize(cameras.topSize)
                    .optGripperSize(cameras.gripperSize).optPlayTasks(playTasks).optMaxSteps(maxSteps)
                    .optEpisodesPerFile(perFile).optLabels(labels).optActionFrame(actionFrame)
                    .optExpertNoise(expertNoise).optActionRepeat(actionRepeat).optBalanced(balanced).build();
            long t0 = System.nanoTime();
            SimDatasetJob.run(config, out, quiet ? Progress.NONE : TerminalProgress.INSTANCE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!quiet) {
                try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(out)) {
                    System.out.println(DatasetSummary.describe(reader));
                }
                System.out.printf("wrote %s in %.1f s%n", out, seconds);
            }
            return 0;
        }

    }

    @Command(name = "tasks", mixinStandardHelpOptions = true,
            description = "List the task types, whether they name a block, and their phrasings.")
    static final class Tasks implements Callable<Integer> {
        @Override
        public Integer call() {
            for (dev.worldlens.sim.TaskType t : dev.worldlens.sim.TaskType.values()) {
                System.out.printf("%-30s %s%n", t.id() + (t.needsBlock() ? "/COLOUR" : ""),
                        String.join(" | ", t.templates()));
            }
            System.out.println("colours: " + dev.worldlens.sim.EpisodeScene.BLOCK_NAMES);
            return 0;
        }
    }

    @Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Run the scripted expert on one task and write the episode as an animated GIF.")
    static final class Render implements Callable<Integer> {

        @Option(names = "--task", required = true, description = "Task id, e.g. open_drawer or "
                + "rotate_block_left/red (block defaults to red).")
        String task;
        @Option(names = "--scene", defaultValue = "A", description = "Scene A, B, C or D (default: ${DEFAULT-VALUE}).")
        String scene;
        @Option(names = "--setting", defaultValue = "static", description = "static or randomised (default: "
                + "${DEFAULT-VALUE}).")
        String setting;
        @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--out", required = true, paramLabel = "FILE.gif", description = "Output GIF.")
        Path out;
        @Option(names = "--camera", defaultValue = "both", description = "top, gripper or both side by side "
                + "(default: ${DEFAULT-VALUE}).")
        String camera;
        @Mixin
        CameraOptions cameras;
        @Option(names = "--scale", defaultValue = "4", description = "Integer upscaling for viewing (default: "
                + "${DEFAULT-VALUE}).")
        int scale;

        @Override
        public Integer call() {
            CameraView view = CameraView.parse(camera);
            if (!out.toString().endsWith(".gif")) {
                throw new InvalidInputException("--out", "expected a .gif file name, got " + out);
            }
            Task t = Task.parse(task);
            Scene s = Scene.parse(scene);
            GeneratorConfig config = GeneratorConfig.of(List.of(s), Setting.parse(setting))
                    .withCameras(cameras.topSize, cameras.gripperSize);
            EpisodeGenerator.Recording rec = new EpisodeGenerator(config, seed)
                    .demonstrate(t, s, new SplittableRandom(seed));
            if (rec == null) {
                throw new InvalidInputException("--task", t.id() + " found no start state where it can begin in "
                        + "scene " + s + "; try another --seed");
            }
            Episode e = rec.toEpisode(0, List.of(), Map.of());
            AnimatedGifWriter.write(out, view.frames(e), Tabletop.FPS, scale);
            System.out.printf("wrote %s: %s in scene %s, %d steps, \"%s\", oracle: %s%n", out, t.id(), s, e.length(),
                    t.instruction(0), rec.lastSucceeded() ? "success" : "FAILED");
            return 0;
        }

    }
}
