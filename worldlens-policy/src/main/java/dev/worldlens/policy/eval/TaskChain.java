package dev.worldlens.policy.eval;

import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import dev.worldlens.sim.TabletopWorld;
import dev.worldlens.sim.Task;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One chain of an evaluation: the seed of its start state (scene look, layout, block poses, drawer, switch, LED) and
 * the tasks to do in order, each with the phrasing of its instruction.
 */
public record TaskChain(int index, long worldSeed, List<Task> tasks, List<Integer> phrasings) {

    public TaskChain {
        tasks = List.copyOf(tasks);
        phrasings = List.copyOf(phrasings);
        if (tasks.size() != phrasings.size()) {
            throw new IllegalArgumentException("chain " + index + ": " + tasks.size() + " tasks but "
                    + phrasings.size() + " phrasings");
        }
    }

    /** The chain's start state, rebuilt identically every time. */
    public TabletopWorld newWorld(Scene scene, Setting setting) {
        SplittableRandom r = new SplittableRandom(worldSeed);
        return new TabletopWorld(scene.realise(setting, r), r);
    }

    public String instruction(int position) {
        return tasks.get(position).instruction(phrasings.get(position));
    }
}
