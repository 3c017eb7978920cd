package dev.worldlens.policy.eval;

import dev.worldlens.policy.Observation;
import dev.worldlens.sim.ExpertStyle;
import dev.worldlens.sim.ScriptedExpert;
import dev.worldlens.sim.TabletopWorld;
import dev.worldlens.sim.Task;

import java.util.SplittableRandom;

/**
 * The ceiling of a chain evaluation: the Tabletop's scripted expert for the current task, reading the true world
 * state. By default its chunks hold one action, because the script decides each step from where things are after
 * the last one. In chunk mode it plans {@code chunk} actions open loop, as a learned policy's chunk is executed: the
 * script runs ahead on a {@link TabletopWorld#copy() copy} of the world and the actions it took there are the chunk
 * (so the evaluator must execute whole chunks). Once its script ends it holds still. Noise, speeds and pauses come
 * from the style and a seed restarted by {@link #reset()}.
 */
public final class ExpertPolicy implements PrivilegedPolicy {
    private final ExpertStyle style;
    private final long seed;
    private final int chunk;
    private SplittableRandom rng;
    private ScriptedExpert expert;
    private TabletopWorld world;

    public ExpertPolicy(ExpertStyle style, long seed) {
        this(style, seed, 1);
    }

    /** The expert answering chunks of {@code chunk} actions planned open loop (1: closed loop, step by step). */
    public ExpertPolicy(ExpertStyle style, long seed, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk: expected at least 1 action, got " + chunk);
        }
        this.style = style;
        this.seed = seed;
        this.chunk = chunk;
        reset();
    }

    /** The expert with the style that generates the training data, seed 0. */
    public ExpertPolicy() {
        this(ExpertStyle.DEFAULT, 0);
    }

    @Override
    public void beginTask(Task task, TabletopWorld w) {
        this.world = w;
        this.expert = ScriptedExpert.forTask(task, w, style, rng);
    }

    @Override
    public float[][] act(Observation observation) {
        if (expert == null) {
            throw new IllegalStateException("the expert policy reads the simulator: run it in a ChainEvaluator, which "
                    + "calls beginTask before asking for actions");
        }
        if (chunk == 1) {
            return new float[][]{next(world)};
        }
        TabletopWorld ahead = world.copy();
        float[][] actions = new float[chunk][];
        for (int k = 0; k < chunk; k++) {
            actions[k] = next(ahead);
            ahead.step(actions[k]);
        }
        return actions;
    }

    private float[] next(TabletopWorld w) {
        float[] action = expert.act(w);
        return action != null ? action : new float[]{0, 0, 0, w.gripperClosed() ? 1 : -1};
    }

    @Override
    public void reset() {
        rng = new SplittableRandom(seed);
        expert = null;
        world = null;
    }
}
