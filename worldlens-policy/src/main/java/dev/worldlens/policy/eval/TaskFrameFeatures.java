package dev.worldlens.policy.eval;

import dev.worldlens.policy.reference.StateFeatures;
import dev.worldlens.sim.BlockShape;
import dev.worldlens.sim.Task;
import dev.worldlens.sim.TableLayout;
import dev.worldlens.sim.TabletopState;
import dev.worldlens.sim.TaskType;

import java.util.HashMap;
import java.util.Map;

/**
 * The tabletop state as the task sees it, for the nearest-neighbour reference: the gripper, the task's block and its
 * goal (a pad, the drawer, the handle, the button or the switch) relative to the gripper, the block's yaw relative
 * to the gripper's over its grasp period, and the articulated parts. Two demonstrations of one task are near when
 * the gripper stands alike towards what it must reach, whatever the other blocks do; a plain standardised state
 * makes the positions of blocks the task never touches count as much. Reads state version 2 (the layout and the
 * shapes are in it).
 */
public final class TaskFrameFeatures implements StateFeatures {
    /** Values per state. */
    public static final int WIDTH = 14;
    /** One task type for each place a task leads to: the left and right pads, the drawer handle, button, switch knob. */
    static final TaskType[] PLACES = {TaskType.PLACE_LEFT, TaskType.PLACE_RIGHT, TaskType.OPEN_DRAWER,
            TaskType.LED_ON, TaskType.LAMP_ON};
    private static final Map<String, Task> BY_INSTRUCTION = new HashMap<>();

    static {
        for (Task t : Task.all()) {
            for (int p = 0; p < t.type().templates().size(); p++) {
                BY_INSTRUCTION.put(t.instruction(p), t);
            }
        }
    }

    @Override
    public String taskOf(String instruction, String fallback) {
        Task t = BY_INSTRUCTION.get(instruction);
        return t == null ? fallback : t.id();
    }

    @Override
    public float[] of(float[] v, String taskId) {
        TabletopState s = check(v, "task-frame");
        Task task = Task.parse(taskId);
        double gx = s.gripperX();
        double gy = s.gripperY();
        double yaw = s.gripperYaw();
        // only what the task acts on: the gripper's place on the table is left out (it differs from scene to
        // scene while the motion towards the target does not)
        float[] out = new float[WIDTH];
        out[0] = (float) Math.sin(yaw);
        out[1] = (float) Math.cos(yaw);
        out[2] = v[TabletopState.GRIPPER_OPENING];
        out[3] = v[TabletopState.GRIPPER_COMMAND];
        TaskType type = task.type();
        if (type.needsBlock()) {
            int b = task.block();
            block(v, s, b, out, 4);
        }
        double[] goal = goal(type, v, s);
        if (goal != null) {
            out[10] = (float) (goal[0] - gx);
            out[11] = (float) (goal[1] - gy);
        }
        boolean drawer = type == TaskType.PUT_IN_DRAWER || type == TaskType.TAKE_FROM_DRAWER
                || type == TaskType.OPEN_DRAWER || type == TaskType.CLOSE_DRAWER;
        out[12] = drawer ? (float) s.drawerOpening() : 0f;
        out[13] = type == TaskType.LED_ON || type == TaskType.LED_OFF ? (s.ledOn() ? 1f : 0f)
                : type == TaskType.LAMP_ON || type == TaskType.LAMP_OFF ? (float) s.switchPosition() : 0f;
        return out;
    }

    /**
     * Block b relative to the gripper into {@code out} from {@code at}: dx, dy, the block's yaw relative to the
     * gripper's over its grasp period (sin, cos), held, in the drawer.
     */
    static void block(float[] v, TabletopState s, int b, float[] out, int at) {
        int shapes = BlockShape.values().length;
        BlockShape shape = BlockShape.values()[0];
        for (int k = 0; k < shapes; k++) {
            if (v[TabletopState.SHAPES + shapes * b + k] > 0.5f) {
                shape = BlockShape.values()[k];
            }
        }
        out[at] = (float) (s.blockX(b) - s.gripperX());
        out[at + 1] = (float) (s.blockY(b) - s.gripperY());
        // the yaw the fingers see repeats with the grasp period (none for the prism)
        double period = shape.graspPeriod() > 0 ? shape.graspPeriod() : 2 * Math.PI;
        double rel = (s.blockYaw(b) - s.gripperYaw()) * 2 * Math.PI / period;
        out[at + 2] = (float) Math.sin(rel);
        out[at + 3] = (float) Math.cos(rel);
        out[at + 4] = s.held(b) ? 1f : 0f;
        out[at + 5] = s.inDrawer(b) ? 1f : 0f;
    }

    /** Where the task leads the gripper once it holds its block, or what it must reach when it has none. */
    static double[] goal(TaskType type, float[] v, TabletopState s) {
        double buttonX = v[TabletopState.LAYOUT + 1];
        double buttonY = v[TabletopState.LAYOUT + 2];
        double padY = v[TabletopState.LAYOUT + 4];
        TableLayout layout = layout(v);
        return switch (type) {
            case PLACE_LEFT -> new double[]{0.13, padY};
            case PLACE_RIGHT -> new double[]{0.87, padY};
            case PUT_IN_DRAWER, TAKE_FROM_DRAWER, OPEN_DRAWER, CLOSE_DRAWER ->
                    new double[]{layout.handleX(), layout.handleY(s.drawerOpening())};
            case LED_ON, LED_OFF -> new double[]{buttonX, buttonY};
            case LAMP_ON, LAMP_OFF -> new double[]{layout.switchX() + (s.switchPosition() - 0.5) * 2
                    * TableLayout.SWITCH_HALF_TRACK, layout.switchY()};
            default -> null;
        };
    }

    private static TableLayout layout(float[] v) {
        return new TableLayout(v[TabletopState.LAYOUT], v[TabletopState.LAYOUT + 1], v[TabletopState.LAYOUT + 2],
                v[TabletopState.LAYOUT + 3] > 0.5f, Map.of());
    }

    /** Refuses a state of another version than the one whose layout and shapes these features read. */
    static TabletopState check(float[] v, String what) {
        if (v.length != TabletopState.SIZE) {
            throw new IllegalArgumentException(what + " features read a state of version " + TabletopState.VERSION
                    + " (" + TabletopState.SIZE + " values), got " + v.length);
        }
        return new TabletopState(v);
    }
}
