package dev.worldlens.sim;

import dev.worldlens.core.Episode;
import dev.worldlens.core.FrameSource;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.RgbImage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes expert episodes. Episode i depends only on (seed, i), so a generation can be split, interrupted and resumed
 * with identical results. Single-task episodes draw a task uniformly, then start states until the task can start,
 * and keep only demonstrations the oracle accepts (a failed one is redrawn). Play episodes chain tasks that can start
 * from wherever the last one ended, with a language window for each success.
 */
public final class EpisodeGenerator {
    private static final int MAX_ATTEMPTS = 40;
    private final GeneratorConfig config;
    private final long seed;

    public EpisodeGenerator(GeneratorConfig config, long seed) {
        this.config = config;
        this.seed = seed;
    }

    public GeneratorConfig config() {
        return config;
    }

    public Episode generate(int index) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
        Scene scene = config.scenes().get(index % config.scenes().size());
        return config.playTasks() > 0 ? play(index, scene, rng) : singleTask(index, scene, rng);
    }

    /** One expert run of a given task from a start state drawn by rng, or null when no start allows it. */
    public Recording demonstrate(Task task, Scene scene, SplittableRandom rng) {
        for (int tries = 0; tries < MAX_ATTEMPTS; tries++) {
            EpisodeScene es = scene.realise(config.setting(), rng);
            TabletopWorld world = new TabletopWorld(es, rng);
            if (TaskOracle.canStart(task, world)) {
                Recording rec = new Recording(world, config);
                rec.runTask(task, rng, config.maxSteps());
                return rec;
            }
        }
        return null;
    }

    private Episode singleTask(int index, Scene scene, SplittableRandom rng) {
        List<Task> tasks = Task.all();
        for (int attempt = 0; attempt < MAX_ATTEMPTS * 4; attempt++) {
            Task task = tasks.get(rng.nextInt(tasks.size()));
            Recording rec = demonstrate(task, scene, rng);
            if (rec != null && rec.lastSucceeded()) {
                String instruction = task.instruction(rng);
                List<LanguageWindow> windows = List.of(new LanguageWindow(0, rec.length(), task.id(), instruction));
                return rec.toEpisode(index, windows, Map.of("mode", "task", "task_id", task.id(),
                        "attempts", Integer.toString(attempt + 1)));
            }
        }
        throw new IllegalStateException("no successful demonstration for episode " + index + " in scene " + scene);
    }

    private Episode play(int index, Scene scene, SplittableRandom rng) {
        List<LanguageWindow> windows = new ArrayList<>();
        Recording rec = config.balanced() ? opening(Task.all().get(index % Task.all().size()), scene, rng, windows)
                : null;
        if (rec == null) {
            rec = new Recording(new TabletopWorld(scene.realise(config.setting(), rng), rng), config);
        }
        TabletopWorld world = rec.world();
        String last = windows.isEmpty() ? "" : windows.get(0).taskId();
        int failures = 0;
        while (windows.size() < config.playTasks() && rec.length() < config.maxSteps() && failures < 5) {
            List<Task> possible = new ArrayList<>();
            for (Task t : Task.all()) {
                if (!t.id().equals(last) && TaskOracle.canStart(t, world)) {
                    possible.add(t);
                }
            }
            if (possible.isEmpty()) {
                break;
            }
            Task task = possible.get(rng.nextInt(possible.size()));
            int start = rec.length();
            rec.runTask(task, rng, config.maxSteps());
            if (rec.lastSucceeded() && rec.length() > start) {
                windows.add(new LanguageWindow(start, rec.length(), task.id(), task.instruction(rng)));
                last = task.id();
            } else {
                failures++;
            }
        }
        if (rec.length() == 0) {
            throw new IllegalStateException("play episode " + index + " recorded no step");
        }
        return rec.toEpisode(index, windows, Map.of("mode", "play", "tasks", Integer.toString(windows.size())));
    }

    /**
     * A balanced play episode's first task, demonstrated from start states drawn until it can start and succeeds;
     * its window is added. Null (the episode then opens as any other) when no start allows it.
     */
    private Recording opening(Task task, Scene scene, SplittableRandom rng, List<LanguageWindow> windows) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Recording rec = demonstrate(task, scene, rng);
            if (rec != null && rec.lastSucceeded() && rec.length() > 0) {
                windows.add(new LanguageWindow(0, rec.length(), task.id(), task.instruction(rng)));
                return rec;
            }
        }
        return null;
    }

    /** Frames, states and actions recorded from one world, task after task. */
    public static final class Recording {
        private final TabletopWorld world;
        private final GeneratorConfig config;
        private final Renderer renderer;
        private final List<RgbImage> top = new ArrayList<>();
        private final List<RgbImage> gripper = new ArrayList<>();
        private final List<float[]> states = new ArrayList<>();
        private final List<float[]> actions = new ArrayList<>();
        private boolean lastSucceeded;

        Recording(TabletopWorld world, GeneratorConfig config) {
            this.world = world;
            this.config = config;
            this.renderer = config.render() ? new Renderer(world.scene(), config.topSize(), config.gripperSize())
                    : null;
        }

        /**
         * Runs the task's expert until it finishes or the recording holds maxSteps steps. Each recorded step is one
         * decision of the expert, held for the labelling's repeat count of world steps; the frames and the state are
         * those before the decision, the action is labelled once the world has moved.
         */
        void runTask(Task task, SplittableRandom rng, int maxSteps) {
            TabletopState start = world.state();
            ActionLabelling labelling = config.labelling();
            ScriptedExpert expert = ScriptedExpert.forTask(task, world, config.style(), rng, labelling.repeat());
            while (actions.size() < maxSteps) {
                float[] command = expert.act(world);
                if (command == null) {
                    break;
                }
                if (renderer != null) {
                    top.add(renderer.render(world, Camera.TOP));
                    gripper.add(renderer.render(world, Camera.GRIPPER));
                }
                states.add(world.state().values());
                ActionLabelling.GripperPose before = ActionLabelling.GripperPose.of(world);
                for (int r = 0; r < labelling.repeat(); r++) {
                    world.step(command);
                }
                actions.add(labelling.label(command, before, world));
            }
            lastSucceeded = !expert.failed() && TaskOracle.success(task, world.layout(), start, world.state());
        }

        public boolean lastSucceeded() {
            return lastSucceeded;
        }

        public int length() {
            return actions.size();
        }

        public TabletopWorld world() {
            return world;
        }

        /** States [T][S] recorded so far (frame t's state, before action t). */
        public float[][] states() {
            return states.toArray(new float[0][]);
        }

        /** Actions [T][4] recorded so far, as the config's {@link ActionLabelling} labels them. */
        public float[][] actions() {
            return actions.toArray(new float[0][]);
        }

        public Episode toEpisode(int index, List<LanguageWindow> windows, Map<String, String> extras) {
            Map<String, List<RgbImage>> frames = new LinkedHashMap<>();
            frames.put(Camera.TOP.key(), top);
            frames.put(Camera.GRIPPER.key(), gripper);
            Map<String, String> all = new LinkedHashMap<>(extras);
            all.put("setting", world.scene().setting().label());
            // A reader needs these three to know what an action means; datasets without them are commanded, world.
            ActionLabelling l = config.labelling();
            all.put("action_labels", l.labels().label());
            all.put("action_frame", l.frame().label());
            all.put("action_repeat", Integer.toString(l.repeat()));
            // Datasets without it hold version 1: the first TabletopState.V1_SIZE values of observation.state.
            all.put("state_version", Integer.toString(TabletopState.VERSION));
            return new Episode(index, world.scene().scene().name(), FrameSource.inMemory(frames),
                    actions.toArray(new float[0][]), states.toArray(new float[0][]), Tabletop.ACTION_SCHEMA,
                    Tabletop.STATE_NAMES, windows, Tabletop.FPS, all);
        }
    }
}
