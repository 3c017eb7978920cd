package dev.worldlens.policy.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.VisualFeatures;
import dev.worldlens.sim.TabletopState;
import dev.worldlens.sim.TaskType;

import java.util.List;

/**
 * The tabletop state as a set of object tokens in the gripper's frame, without the task: one token for the gripper,
 * one per block and one per place a task leads to (the two pads, the drawer handle, the button, the switch knob).
 * Each token says what it is (a kind one-hot, and a colour one-hot for blocks) and holds that object's values
 * relative to the gripper, so an instruction token can pick "the red block" or "the drawer" by attention instead of
 * the head untangling one vector of every object; this is the privileged counterpart of visual tokens, where
 * objects also sit in separate patches. Reads state version 2.
 *
 * <p>Token layout ({@value #WIDTH} values): kind one-hot (gripper, block, left pad, right pad, handle, button,
 * switch), colour one-hot (red, green, blue), then six values: for the gripper sin yaw, cos yaw, opening, command;
 * for a block dx, dy, sin and cos of its yaw relative to the gripper's over its grasp period, held, in the drawer;
 * for a place dx, dy and its part's state (drawer opening at the handle, LED at the button, switch position at the
 * knob).
 */
public final class ObjectTokens implements VisualFeatures {
    private static final int KINDS = 7;
    private static final int COLOURS = 3;
    private static final int VALUES = 6;
    public static final int WIDTH = KINDS + COLOURS + VALUES;
    private static final TaskType[] PLACES = TaskFrameFeatures.PLACES;
    public static final int TOKENS = 1 + 3 + PLACES.length;

    @Override
    public int frames() {
        return 1;
    }

    @Override
    public int tokensPerFrame() {
        return TOKENS;
    }

    @Override
    public int channels() {
        return WIDTH;
    }

    /** The {@link #TOKENS} x {@link #WIDTH} values of one state, token after token. */
    public static float[] of(float[] v) {
        TabletopState s = TaskFrameFeatures.check(v, "object-token");
        float[] out = new float[TOKENS * WIDTH];
        out[0] = 1; // gripper
        int values = KINDS + COLOURS;
        out[values] = (float) Math.sin(s.gripperYaw());
        out[values + 1] = (float) Math.cos(s.gripperYaw());
        out[values + 2] = v[TabletopState.GRIPPER_OPENING];
        out[values + 3] = v[TabletopState.GRIPPER_COMMAND];
        for (int b = 0; b < 3; b++) {
            int at = (1 + b) * WIDTH;
            out[at + 1] = 1; // block
            out[at + KINDS + b] = 1;
            TaskFrameFeatures.block(v, s, b, out, at + values);
        }
        float[] parts = {0, 0, (float) s.drawerOpening(), s.ledOn() ? 1f : 0f, (float) s.switchPosition()};
        for (int p = 0; p < PLACES.length; p++) {
            int at = (4 + p) * WIDTH;
            out[at + 2 + p] = 1;
            double[] g = TaskFrameFeatures.goal(PLACES[p], v, s);
            out[at + values] = (float) (g[0] - s.gripperX());
            out[at + values + 1] = (float) (g[1] - s.gripperY());
            out[at + values + 2] = parts[p];
        }
        return out;
    }

    @Override
    public NDArray tokens(NDManager manager, List<Observation> batch) {
        int per = TOKENS * WIDTH;
        float[] out = new float[batch.size() * per];
        for (int b = 0; b < batch.size(); b++) {
            System.arraycopy(of(batch.get(b).state()), 0, out, b * per, per);
        }
        return manager.create(out, new Shape(batch.size(), 1, TOKENS, WIDTH));
    }
}
