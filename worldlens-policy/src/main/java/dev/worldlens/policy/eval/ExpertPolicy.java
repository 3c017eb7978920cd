package dev.worldlens.policy.eval;

import dev.worldlens.policy.Observation;
import dev.worldlens.sim.ExpertStyle;
import dev.worldlens.sim.ScriptedExpert;
import dev.worldlens.sim.TabletopWorld;
import dev.worldlens.sim.Task;

import java.util.SplittableRandom;

/**
 * The ceiling of a chain evaluation: the Tabletop's scripted expert for the current task, reading the true world
 * state. Its chunks hold one action, because the script decides each step from where things are after the last one;
 * once its script ends it holds still. Noise, speeds and pauses come from the style and a seed restarted by
 * {@link #reset()}.
 */
public final class ExpertPolicy implements PrivilegedPolicy {
    private final ExpertStyle style;
    private final long seed;
    private SplittableRandom rng;
    private ScriptedExpert expert;
    private TabletopWorld world;

    public ExpertPolicy(ExpertStyle style, long seed) {
        this.style = style;
        this.seed = seed;
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
        float[] action = expert.act(world);
        if (action == null) {
            action = new float[]{0, 0, 0, world.gripperClosed() ? 1 : -1};
        }
        return new float[][]{action};
    }

    @Override
    public void reset() {
        rng = new SplittableRandom(seed);
        expert = null;
        world = null;
    }
}
