package dev.worldlens.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The simulator state as a flat vector (what is stored as observation.state) with named accessors for the
 * oracles. Angles are in radians; block yaws are unwrapped (continuous over the episode) so that a rotation is
 * the plain difference of two yaws.
 *
 * <p>Version 2 appends what fixes the state-to-action mapping of an episode: the furniture layout (cabinet x, button
 * x and y, which side of the lamp the switch is on, the pads' y) and each block's shape one-hot (cube, bar, prism:
 * the grasp angle's period depends on it). Without them the same state asks for different actions in scenes A-C and
 * for unseen ones in D. Version 1 (the first {@link #V1_SIZE} values, the same names in the same order) is what
 * datasets written before it hold; its vector is a prefix of version 2's.
 */
public record TabletopState(float[] values) {

    public static final int GRIPPER_X = 0;
    public static final int GRIPPER_Y = 1;
    public static final int GRIPPER_YAW = 2;
    public static final int GRIPPER_OPENING = 3;
    public static final int GRIPPER_COMMAND = 4;
    static final int BLOCK_BASE = 5;
    static final int PER_BLOCK = 5;
    public static final int DRAWER = BLOCK_BASE + 3 * PER_BLOCK;
    public static final int SWITCH = DRAWER + 1;
    public static final int LED = DRAWER + 2;
    public static final int LAMP = DRAWER + 3;
    /** Values of a version-1 state (gripper, blocks, drawer, switch, LED, lamp). */
    public static final int V1_SIZE = DRAWER + 4;
    public static final int LAYOUT = V1_SIZE;
    public static final int LAYOUT_SIZE = 5;
    public static final int SHAPES = LAYOUT + LAYOUT_SIZE;
    public static final int SIZE = SHAPES + 3 * BlockShape.values().length;
    /** The state's version, recorded in each episode's extras as {@code state_version}. */
    public static final int VERSION = 2;

    public static final List<String> NAMES;

    static {
        List<String> n = new ArrayList<>(List.of("gripper.x", "gripper.y", "gripper.yaw", "gripper.opening",
                "gripper.command"));
        for (String b : EpisodeScene.BLOCK_NAMES) {
            for (String f : List.of("x", "y", "yaw", "held", "in_drawer")) {
                n.add(b + "_block." + f);
            }
        }
        n.addAll(List.of("drawer.opening", "switch.position", "led.on", "lamp.on"));
        n.addAll(List.of("layout.cabinet_x", "layout.button_x", "layout.button_y", "layout.switch_left",
                "layout.pad_y"));
        for (String b : EpisodeScene.BLOCK_NAMES) {
            for (BlockShape shape : BlockShape.values()) {
                n.add(b + "_block.shape_" + shape.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        NAMES = Collections.unmodifiableList(n);
    }

    public TabletopState {
        if (values.length != SIZE) {
            throw new IllegalArgumentException("state has " + values.length + " values, expected " + SIZE);
        }
    }

    public double gripperX() {
        return values[GRIPPER_X];
    }

    public double gripperY() {
        return values[GRIPPER_Y];
    }

    public double gripperYaw() {
        return values[GRIPPER_YAW];
    }

    public double blockX(int b) {
        return values[BLOCK_BASE + PER_BLOCK * b];
    }

    public double blockY(int b) {
        return values[BLOCK_BASE + PER_BLOCK * b + 1];
    }

    public double blockYaw(int b) {
        return values[BLOCK_BASE + PER_BLOCK * b + 2];
    }

    public boolean held(int b) {
        return values[BLOCK_BASE + PER_BLOCK * b + 3] > 0.5f;
    }

    public boolean inDrawer(int b) {
        return values[BLOCK_BASE + PER_BLOCK * b + 4] > 0.5f;
    }

    public double drawerOpening() {
        return values[DRAWER];
    }

    public double switchPosition() {
        return values[SWITCH];
    }

    public boolean ledOn() {
        return values[LED] > 0.5f;
    }

    public boolean lampOn() {
        return values[LAMP] > 0.5f;
    }
}
