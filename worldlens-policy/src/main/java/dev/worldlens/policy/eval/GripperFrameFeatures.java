package dev.worldlens.policy.eval;

import dev.worldlens.policy.reference.StateFeatures;
import dev.worldlens.sim.TabletopState;
import dev.worldlens.sim.TaskType;

/**
 * The whole tabletop state in the gripper's frame, without the task: every block and every place a task leads to
 * (both pads, the drawer handle, the button, the switch knob) relative to the gripper, each block's yaw relative to
 * the gripper's over its grasp period, and the articulated parts. Unlike {@link TaskFrameFeatures} it never reads the
 * instruction, so which block and which goal matter is left to the policy's language conditioning, as it is for a
 * policy on pixels; unlike the raw state, reaching is a difference the learner need not compute. Reads state
 * version 2.
 */
public final class GripperFrameFeatures implements StateFeatures {
    /** Values per state. */
    public static final int WIDTH = 4 + 3 * 6 + TaskFrameFeatures.PLACES.length * 2 + 3;

    @Override
    public float[] of(float[] v, String taskId) {
        TabletopState s = TaskFrameFeatures.check(v, "gripper-frame");
        float[] out = new float[WIDTH];
        out[0] = (float) Math.sin(s.gripperYaw());
        out[1] = (float) Math.cos(s.gripperYaw());
        out[2] = v[TabletopState.GRIPPER_OPENING];
        out[3] = v[TabletopState.GRIPPER_COMMAND];
        int at = 4;
        for (int b = 0; b < 3; b++, at += 6) {
            TaskFrameFeatures.block(v, s, b, out, at);
        }
        for (TaskType goal : TaskFrameFeatures.PLACES) {
            double[] g = TaskFrameFeatures.goal(goal, v, s);
            out[at++] = (float) (g[0] - s.gripperX());
            out[at++] = (float) (g[1] - s.gripperY());
        }
        out[at++] = (float) s.drawerOpening();
        out[at++] = s.ledOn() ? 1f : 0f;
        out[at] = (float) s.switchPosition();
        return out;
    }

    @Override
    public String taskOf(String instruction, String fallback) {
        return fallback;
    }

    @Override
    public boolean needsTask() {
        return false;
    }
}
