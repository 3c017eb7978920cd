package dev.worldlens.policy.eval;

import dev.worldlens.sim.ExpertStyle;
import dev.worldlens.sim.ScriptedExpert;
import dev.worldlens.sim.TabletopState;
import dev.worldlens.sim.TabletopWorld;
import dev.worldlens.sim.Task;
import dev.worldlens.sim.TaskOracle;
import dev.worldlens.sim.TaskType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws the chains of an evaluation before any policy runs, as CALVIN's get_sequences does, so every policy is
 * asked for the same tasks from the same start states. CALVIN checks its sequences symbolically; here the scripted
 * expert plays each candidate chain in the simulator (no cameras): each next task is drawn uniformly among those
 * that can start from the state the previous one left (TaskOracle.canStart) and whose type the chain has not used
 * yet (CALVIN repeats no task category in a chain), and the expert must do it within the step budget, success
 * checked after every step as in the evaluation. A chain the expert cannot finish is redrawn from a new start state.
 * Chain i depends only on (seed, i).
 */
public final class ChainSampler {
    private static final int MAX_ATTEMPTS = 100;

    private ChainSampler() {
    }

    public static List<TaskChain> sample(ChainConfig config) {
        List<TaskChain> out = new ArrayList<>(config.chains());
        for (int i = 0; i < config.chains(); i++) {
            out.add(sample(config, i));
        }
        return out;
    }

    /** Chain {@code index} of the evaluation {@code config} describes. */
    public static TaskChain sample(ChainConfig config, int index) {
        SplittableRandom rng = random(config.seed(), index, -1);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            long worldSeed = rng.nextLong();
            SplittableRandom draws = rng.split();
            TaskChain probe = new TaskChain(index, worldSeed, List.of(), List.of());
            TabletopWorld world = probe.newWorld(config.scene(), config.setting());
            List<Task> tasks = new ArrayList<>();
            List<Integer> phrasings = new ArrayList<>();
            Set<TaskType> used = new HashSet<>();
            while (tasks.size() < config.tasksPerChain()) {
                List<Task> feasible = feasible(world, used);
                if (feasible.isEmpty()) {
                    break;
                }
                Task task = feasible.get(draws.nextInt(feasible.size()));
                if (!expertDoes(task, world, config.stepsPerTask(), draws)) {
                    break;
                }
                tasks.add(task);
                used.add(task.type());
                phrasings.add(config.phrasing() >= 0 ? config.phrasing()
                        : draws.nextInt(task.type().templates().size()));
            }
            if (tasks.size() == config.tasksPerChain()) {
                return new TaskChain(index, worldSeed, tasks, phrasings);
            }
        }
        throw new IllegalStateException("no feasible chain of " + config.tasksPerChain() + " tasks found for chain "
                + index + " in " + MAX_ATTEMPTS + " start states of scene " + config.scene());
    }

    /** Tasks that can start in {@code world} and whose type is not in {@code used}, in Task.all() order. */
    public static List<Task> feasible(TabletopWorld world, Set<TaskType> used) {
        List<Task> out = new ArrayList<>();
        for (Task t : Task.all()) {
            if (!used.contains(t.type()) && TaskOracle.canStart(t, world)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The random source of chain {@code index} (position -1: its drawing; 0.. its substitutions). */
    static SplittableRandom random(long seed, int index, int position) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L
                + (position + 2) * 0x94D049BB133111EBL);
    }

    private static boolean expertDoes(Task task, TabletopWorld world, int budget, SplittableRandom rng) {
        TabletopState start = world.state();
        ScriptedExpert expert = ScriptedExpert.forTask(task, world, ExpertStyle.DEFAULT, rng);
        for (int step = 0; step < budget; step++) {
            float[] action = expert.act(world);
            if (action == null) {
                return false;
            }
            world.step(action);
            if (TaskOracle.success(task, world.layout(), start, world.state())) {
                return true;
            }
        }
        return false;
    }
}
