package dev.worldlens.policy.eval;

import dev.worldlens.policy.Policy;
import dev.worldlens.sim.TabletopWorld;
import dev.worldlens.sim.Task;

/**
 * A policy that reads the simulator itself rather than only the observation (the scripted expert, the evaluation's
 * ceiling). The {@link ChainEvaluator} tells it the task and hands it the world at the start of every task; a
 * learned policy never implements this and gets nothing but observations.
 */
public interface PrivilegedPolicy extends Policy {

    /** The chain moves on to {@code task}, to be done in {@code world} (the live world the evaluator steps). */
    void beginTask(Task task, TabletopWorld world);
}
