package dev.worldlens.policy.eval;

import dev.worldlens.core.Progress;
import dev.worldlens.core.RgbImage;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.Policy;
import dev.worldlens.policy.train.PolicyTrainer;
import dev.worldlens.sim.Camera;
import dev.worldlens.sim.Renderer;
import dev.worldlens.sim.Tabletop;
import dev.worldlens.sim.TabletopState;
import dev.worldlens.sim.TabletopWorld;
import dev.worldlens.sim.Task;
import dev.worldlens.sim.TaskOracle;
import dev.worldlens.sim.TaskType;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CALVIN's long-horizon evaluation (vpp.md section 8.1) in the Tabletop. Every chain starts from its own start state
 * with {@link Policy#reset()}; its tasks run in order, each with the instruction as the only statement of what to
 * do. The policy is asked for a chunk, which is executed (whole, or its first {@code executeSteps} actions, each
 * clipped to [-1, 1]) before it is asked again; after every step the task oracle compares the state at the task's
 * start with the current one, and the task ends at success or when its step budget is spent. A chain stops at its
 * first failure. A planned task that cannot start from the state the policy left (its earlier successes moved things
 * differently from the expert that drew the chain) is replaced by a feasible task of an unused type drawn from the
 * chain's seed, and counted; the chains and everything else are a function of the config's seed and the policy.
 */
public final class ChainEvaluator {
    private ChainEvaluator() {
    }

    /** A closed-loop check for training: the average length over {@code config}'s chains, no GIFs, no bar. */
    public static PolicyTrainer.ClosedLoopCheck check(ChainConfig config) {
        return policy -> evaluate(policy, config, Progress.NONE).averageLength();
    }

    /** Evaluates without writing GIFs. */
    public static ChainResult evaluate(Policy policy, ChainConfig config, Progress progress) {
        return evaluate(policy, "policy", config, null, progress);
    }

    /**
     * Evaluates {@code policy} (named {@code name} in the tables) and, when {@code outDir} is not null, writes the
     * first {@code config.gifChains()} rollouts there as {@code rollout-NNN.gif}. Progress is one bar, "chains NAME
     * in SCENE", stepped after every chain with the average length so far as its message.
     */
    public static ChainResult evaluate(Policy policy, String name, ChainConfig config, Path outDir,
                                       Progress progress) {
        long t0 = System.nanoTime();
        List<TaskChain> chains = ChainSampler.sample(config);
        try (Progress.Bar bar = progress.start("chains " + name + " in " + config.scene(), chains.size(), 0)) {
            return evaluate(policy, name, config, outDir, chains, bar, t0);
        }
    }

    private static ChainResult evaluate(Policy policy, String name, ChainConfig config, Path outDir,
                                        List<TaskChain> chains, Progress.Bar bar, long t0) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        List<Integer> completed = new ArrayList<>();
        List<String> gifs = new ArrayList<>();
        long[] totals = new long[4]; // env steps, policy calls, substitutions, infeasible stops
        int sum = 0;
        for (TaskChain chain : chains) {
            RolloutGif gif = outDir != null && chain.index() < config.gifChains() ? new RolloutGif() : null;
            int done = run(policy, chain, config, counts, totals, gif);
            completed.add(done);
            sum += done;
            if (gif != null && !gif.isEmpty()) {
                String file = String.format(Locale.ROOT, "rollout-%03d.gif", chain.index());
                gif.write(outDir.resolve(file), Tabletop.FPS);
                gifs.add(file);
            }
            bar.step(1);
            bar.message(String.format(Locale.ROOT, "avg len %.2f", (double) sum / completed.size()));
        }
        int[] atLeast = new int[config.tasksPerChain()];
        for (int done : completed) {
            for (int k = 0; k < done; k++) {
                atLeast[k]++;
            }
        }
        List<Double> rates = new ArrayList<>();
        for (int k : atLeast) {
            rates.add((double) k / completed.size());
        }
        Map<String, ChainResult.TaskCount> perTask = new LinkedHashMap<>();
        counts.forEach((id, c) -> perTask.put(id, new ChainResult.TaskCount(c[0], c[1])));
        return new ChainResult(name, config, rates, (double) sum / completed.size(), perTask, completed, (int) totals[2],
                (int) totals[3], totals[0], totals[1], (System.nanoTime() - t0) / 1e9, gifs);
    }

    /** Runs one chain; returns the tasks completed in a row. */
    private static int run(Policy policy, TaskChain chain, ChainConfig config, Map<String, int[]> counts,
                           long[] totals, RolloutGif gif) {
        TabletopWorld world = chain.newWorld(config.scene(), config.setting());
        Renderer renderer = new Renderer(world.scene(), config.topSize(), config.gripperSize());
        policy.reset();
        Set<TaskType> used = new HashSet<>();
        int done = 0;
        for (int position = 0; position < chain.tasks().size(); position++) {
            Task task = chain.tasks().get(position);
            String instruction = chain.instruction(position);
            if (used.contains(task.type()) || !TaskOracle.canStart(task, world)) {
                List<Task> feasible = ChainSampler.feasible(world, used);
                if (feasible.isEmpty()) {
                    totals[3]++;
                    break;
                }
                var rng = ChainSampler.random(config.seed(), chain.index(), position);
                task = feasible.get(rng.nextInt(feasible.size()));
                instruction = task.instruction(config.phrasing() >= 0 ? config.phrasing()
                        : rng.nextInt(task.type().templates().size()));
                totals[2]++;
            }
            used.add(task.type());
            int[] count = counts.computeIfAbsent(task.id(), k -> new int[2]);
            count[0]++;
            String caption = (position + 1) + "/" + chain.tasks().size() + ": " + instruction;
            boolean success = attempt(policy, task, instruction, world, renderer, config, totals, gif, caption);
            if (gif != null) {
                gif.add(renderer.render(world, Camera.TOP), caption + (success ? "  [done]" : "  [failed]"),
                        success ? Color.GREEN : Color.RED);
            }
            if (!success) {
                break;
            }
            count[1]++;
            done++;
        }
        return done;
    }

    private static boolean attempt(Policy policy, Task task, String instruction, TabletopWorld world,
                                   Renderer renderer, ChainConfig config, long[] totals, RolloutGif gif,
                                   String caption) {
        if (policy instanceof PrivilegedPolicy privileged) {
            privileged.beginTask(task, world);
        }
        TabletopState start = world.state();
        int steps = 0;
        while (steps < config.stepsPerTask()) {
            Map<String, RgbImage> images = new LinkedHashMap<>();
            RgbImage top = renderer.render(world, Camera.TOP);
            images.put(Camera.TOP.key(), top);
            images.put(Camera.GRIPPER.key(), renderer.render(world, Camera.GRIPPER));
            float[][] chunk = policy.act(new Observation(images, world.state().values(), instruction));
            totals[1]++;
            check(chunk);
            int n = config.executeSteps() == 0 ? chunk.length : Math.min(config.executeSteps(), chunk.length);
            for (int j = 0; j < n && steps < config.stepsPerTask(); j++) {
                if (gif != null) {
                    gif.add(j == 0 ? top : renderer.render(world, Camera.TOP), caption, Color.WHITE);
                }
                world.step(clip(chunk[j]));
                steps++;
                totals[0]++;
                if (TaskOracle.success(task, world.layout(), start, world.state())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void check(float[][] chunk) {
        if (chunk == null || chunk.length == 0) {
            throw new IllegalStateException("the policy returned no action chunk");
        }
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == null || chunk[i].length != Tabletop.ACTION_SCHEMA.dim()) {
                throw new IllegalStateException("the policy's action " + i + " has "
                        + (chunk[i] == null ? "no" : chunk[i].length) + " values; a Tabletop action has "
                        + Tabletop.ACTION_SCHEMA.dim() + " (dx, dy, dyaw, gripper)");
            }
            for (float v : chunk[i]) {
                if (!Float.isFinite(v)) {
                    throw new IllegalStateException("the policy's action " + i + " is not finite: "
                            + Arrays.toString(chunk[i]));
                }
            }
        }
    }

    private static float[] clip(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.max(-1f, Math.min(1f, a[i]));
        }
        return out;
    }
}
