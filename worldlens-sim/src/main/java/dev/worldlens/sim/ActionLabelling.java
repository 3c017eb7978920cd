package dev.worldlens.sim;

import dev.worldlens.core.InvalidInputException;

/**
 * How a recorded step is made and labelled: which labels (executed or commanded), in which frame, and how many world
 * steps one recorded step spans. With {@code repeat} n the expert decides once per recorded step, its command is held
 * for n control steps of the world, and only every n-th frame and state is recorded. An executed label is then the
 * total motion over the n steps in command units (metres / {@link TabletopWorld#MAX_STEP}, radians /
 * {@link TabletopWorld#MAX_YAW_STEP}), so its magnitude can reach n, not 1; a commanded label stays the per-step
 * command in [-1, 1].
 */
public record ActionLabelling(ActionLabels labels, ActionFrame frame, int repeat) {
    public static final int MAX_REPEAT = 8;
    /** What new datasets record: executed motion, world frame, one world step per recorded step. */
    public static final ActionLabelling DEFAULT = new ActionLabelling(ActionLabels.EXECUTED, ActionFrame.WORLD, 1);
    /** What datasets recorded before issue 16: the expert's command. */
    public static final ActionLabelling COMMANDED = new ActionLabelling(ActionLabels.COMMANDED, ActionFrame.WORLD, 1);

    /** @throws InvalidInputException naming {@code actionRepeat} when repeat is outside 1..{@value #MAX_REPEAT} */
    public ActionLabelling {
        if (labels == null || frame == null) {
            throw new IllegalArgumentException("labels and frame are required");
        }
        checkRepeat(repeat);
    }

    public static void checkRepeat(int repeat) {
        if (repeat < 1 || repeat > MAX_REPEAT) {
            throw new InvalidInputException("actionRepeat", "expected 1.." + MAX_REPEAT + ", got " + repeat);
        }
    }

    /**
     * The label of a recorded step: {@code command} was held from {@code before} until the world reached its current
     * state. The gripper value is the command's either way (it is what the fingers were told; their opening follows
     * over several steps).
     */
    public float[] label(float[] command, GripperPose before, TabletopWorld after) {
        double dx;
        double dy;
        double dyaw;
        if (labels == ActionLabels.EXECUTED) {
            dx = (after.gripperX() - before.x()) / TabletopWorld.MAX_STEP;
            dy = (after.gripperY() - before.y()) / TabletopWorld.MAX_STEP;
            dyaw = (after.gripperYaw() - before.yaw()) / TabletopWorld.MAX_YAW_STEP;
        } else {
            dx = command[0];
            dy = command[1];
            dyaw = command[2];
        }
        double[] t = frame.fromWorld(dx, dy, before.yaw());
        return new float[]{(float) t[0], (float) t[1], (float) dyaw, command[3]};
    }

    /** The gripper's pose at the start of a recorded step. */
    public record GripperPose(double x, double y, double yaw) {
        public static GripperPose of(TabletopWorld w) {
            return new GripperPose(w.gripperX(), w.gripperY(), w.gripperYaw());
        }
    }
}
