package dev.worldlens.policy.eval;

import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;

/**
 * A CALVIN-style long-horizon evaluation in the Tabletop (CALVIN: 1000 chains of 5 tasks in environment D, 360 steps
 * per subtask at 30 Hz, i.e. 12 s; the policy's whole chunk of 10 executed before re-planning).
 *
 * @param chains        how many chains (1000 for the full protocol, fewer for a quick look)
 * @param tasksPerChain tasks in a chain (5)
 * @param scene         the scene the chains run in (D, unseen when training on A-C)
 * @param setting       static (CALVIN's fixed environments) or randomised
 * @param stepsPerTask  the step budget of one task (240 steps = 16 s at 15 Hz, the longest expert demonstration the
 *                      dataset generator keeps)
 * @param executeSteps  actions of each chunk executed before the policy is asked again; 0 executes whole chunks
 * @param topSize       top camera side in pixels (as the training data)
 * @param gripperSize   gripper camera side in pixels
 * @param phrasing      which of a task's phrasings is the instruction (CALVIN uses one fixed annotation per task);
 *                      -1 draws one per task from the chain's seed
 * @param gifChains     how many of the first chains are written as GIFs (top camera, instruction as caption)
 * @param seed          the chains (start states, tasks, substitutions)
 */
public record ChainConfig(int chains, int tasksPerChain, Scene scene, Setting setting, int stepsPerTask,
                          int executeSteps, int topSize, int gripperSize, int phrasing, int gifChains, long seed) {

    public ChainConfig {
        if (chains < 1 || tasksPerChain < 1 || stepsPerTask < 1 || executeSteps < 0 || gifChains < 0) {
            throw new IllegalArgumentException("chain evaluation needs chains, tasks per chain and steps per task "
                    + ">= 1, execute steps and GIF chains >= 0; got " + chains + ", " + tasksPerChain + ", "
                    + stepsPerTask + ", " + executeSteps + ", " + gifChains);
        }
        if (topSize < 8 || gripperSize < 8) {
            throw new IllegalArgumentException("camera sizes must be at least 8 pixels, got " + topSize + " and "
                    + gripperSize);
        }
        if (phrasing < -1 || phrasing > 2) {
            throw new IllegalArgumentException("phrasing must be -1 (drawn) or 0..2, got " + phrasing);
        }
    }

    /** 1000 chains of 5 tasks in scene D (static), 240 steps per task, whole chunks, cameras 64/32, 3 GIFs. */
    public static ChainConfig defaults() {
        return new ChainConfig(1000, 5, Scene.D, Setting.STATIC, 240, 0, 64, 32, 0, 3, 0);
    }

    public ChainConfig withChains(int n) {
        return new ChainConfig(n, tasksPerChain, scene, setting, stepsPerTask, executeSteps, topSize, gripperSize,
                phrasing, gifChains, seed);
    }

    /** The same chains with every instruction in phrasing {@code k} (0..2), or drawn per task (-1). */
    public ChainConfig withPhrasing(int k) {
        return new ChainConfig(chains, tasksPerChain, scene, setting, stepsPerTask, executeSteps, topSize, gripperSize,
                k, gifChains, seed);
    }

    public ChainConfig withCameras(int top, int gripper) {
        return new ChainConfig(chains, tasksPerChain, scene, setting, stepsPerTask, executeSteps, top, gripper,
                phrasing, gifChains, seed);
    }

    public ChainConfig withExecuteSteps(int n) {
        return new ChainConfig(chains, tasksPerChain, scene, setting, stepsPerTask, n, topSize, gripperSize,
                phrasing, gifChains, seed);
    }

    public ChainConfig withGifs(int n) {
        return new ChainConfig(chains, tasksPerChain, scene, setting, stepsPerTask, executeSteps, topSize, gripperSize,
                phrasing, n, seed);
    }

    public ChainConfig withSeed(long s) {
        return new ChainConfig(chains, tasksPerChain, scene, setting, stepsPerTask, executeSteps, topSize, gripperSize,
                phrasing, gifChains, s);
    }

    public ChainConfig withScene(Scene s, Setting set) {
        return new ChainConfig(chains, tasksPerChain, s, set, stepsPerTask, executeSteps, topSize, gripperSize,
                phrasing, gifChains, seed);
    }
}
