package dev.worldlens.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Executes a task script, a list of motions, one control step at a time. A motion's target is computed from the
 * world when the motion begins, so a script adapts to where things actually are. Each motion gets its own speed and
 * sometimes a pause first; every action carries Gaussian noise and is clipped to [-1, 1], and the clipped action is
 * exactly what the world receives (a dataset records it, or the motion it caused: {@link ActionLabels}).
 *
 * <p>With an action repeat n the world holds each action for n control steps, so the expert plans per decision: a
 * motion's velocity is the remaining distance over n steps (otherwise the last decision before a target would
 * overshoot by n - 1 steps and oscillate around it), and pauses, grips and the motion timeout count decisions.
 */
public final class ScriptedExpert {
    static final double POSITION_TOLERANCE = 0.005;
    static final double YAW_TOLERANCE = 0.03;
    static final int MOTION_TIMEOUT = 90;

    /** One motion of a script. */
    sealed interface Motion permits Goto, Grip {
    }

    /** Move to a target (x, y, yaw; a NaN yaw keeps the current one) with the gripper open or closed. */
    record Goto(Function<TabletopWorld, double[]> target, boolean close) implements Motion {
    }

    /** Hold still for some steps while commanding the gripper. */
    record Grip(boolean close, int steps) implements Motion {
    }

    private final List<Motion> motions;
    private final ExpertStyle style;
    private final SplittableRandom rng;
    private final int repeat;
    private int index = -1;
    private double[] target;
    private double speed;
    private int pauseLeft;
    private int stepsInMotion;
    private boolean closeCommand;
    private boolean failed;

    ScriptedExpert(List<Motion> motions, ExpertStyle style, SplittableRandom rng, boolean closed, int repeat) {
        ActionLabelling.checkRepeat(repeat);
        this.motions = new ArrayList<>(motions);
        this.style = style;
        this.rng = rng;
        this.closeCommand = closed;
        this.repeat = repeat;
    }

    /** The expert for a task from the world's current state, each action applied for one control step. */
    public static ScriptedExpert forTask(Task task, TabletopWorld world, ExpertStyle style, SplittableRandom rng) {
        return forTask(task, world, style, rng, 1);
    }

    /** The expert for a task from the world's current state, each action held for {@code repeat} control steps. */
    public static ScriptedExpert forTask(Task task, TabletopWorld world, ExpertStyle style, SplittableRandom rng,
                                         int repeat) {
        return new ScriptedExpert(TaskScripts.build(task, world, rng), style, rng, world.gripperClosed(), repeat);
    }

    /** The next action, or null when the script is finished (or has failed: see {@link #failed()}). */
    public float[] act(TabletopWorld w) {
        if (index >= motions.size()) {
            return null; // finished: asked again, it stays finished
        }
        while (true) {
            if (index < 0 || motionDone(w)) {
                if (!advance(w)) {
                    return null;
                }
            }
            if (failed) {
                return null;
            }
            if (pauseLeft > 0) {
                pauseLeft--;
                return new float[]{0, 0, 0, closeCommand ? 1 : -1};
            }
            stepsInMotion++;
            if (stepsInMotion > MOTION_TIMEOUT) {
                failed = true;
                return null;
            }
            Motion m = motions.get(index);
            if (m instanceof Grip grip) {
                closeCommand = grip.close();
                return noisy(0, 0, 0);
            }
            Goto go = (Goto) m;
            closeCommand = go.close();
            double vx = (target[0] - w.gripperX()) / (TabletopWorld.MAX_STEP * repeat);
            double vy = (target[1] - w.gripperY()) / (TabletopWorld.MAX_STEP * repeat);
            double norm = Math.hypot(vx, vy);
            if (norm > speed) {
                vx *= speed / norm;
                vy *= speed / norm;
            }
            double vyaw = 0;
            if (!Double.isNaN(target[2])) {
                vyaw = Math.max(-speed, Math.min(speed, (target[2] - w.gripperYaw())
                        / (TabletopWorld.MAX_YAW_STEP * repeat)));
            }
            return noisy(vx, vy, vyaw);
        }
    }

    public boolean failed() {
        return failed;
    }

    private boolean advance(TabletopWorld w) {
        index++;
        if (index >= motions.size()) {
            return false;
        }
        stepsInMotion = 0;
        speed = style.minSpeed() + rng.nextDouble() * (style.maxSpeed() - style.minSpeed());
        pauseLeft = style.maxPause() > 0 && rng.nextDouble() < style.pauseProbability()
                ? 1 + rng.nextInt(style.maxPause()) : 0;
        Motion m = motions.get(index);
        target = m instanceof Goto go ? go.target().apply(w) : null;
        if (m instanceof Grip grip) {
            stepsInMotion = -grip.steps();
        }
        return true;
    }

    private boolean motionDone(TabletopWorld w) {
        if (pauseLeft > 0) {
            return false;
        }
        Motion m = motions.get(index);
        if (m instanceof Grip) {
            return stepsInMotion >= 0;
        }
        boolean there = Math.hypot(target[0] - w.gripperX(), target[1] - w.gripperY()) < POSITION_TOLERANCE;
        boolean turned = Double.isNaN(target[2]) || Math.abs(target[2] - w.gripperYaw()) < YAW_TOLERANCE;
        return there && turned && closeCommand == ((Goto) m).close() && stepsInMotion > 0;
    }

    private float[] noisy(double vx, double vy, double vyaw) {
        double n = style.noise();
        return new float[]{clip(vx + n * rng.nextGaussian()), clip(vy + n * rng.nextGaussian()),
                clip(vyaw + n * rng.nextGaussian()), closeCommand ? 1f : -1f};
    }

    private static float clip(double v) {
        return (float) Math.max(-1, Math.min(1, v));
    }
}
