package dev.worldlens.sim;

import dev.worldlens.core.InvalidInputException;

import java.util.Locale;

/** The two Tabletop cameras: a fixed view of the whole table, and a view centred on and turning with the gripper. */
public enum Camera {
    TOP("top"), GRIPPER("gripper");

    /** Width of the table seen by the gripper camera, in metres. */
    public static final double GRIPPER_VIEW = 0.36;

    private final String key;

    Camera(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Camera parse(String s) {
        for (Camera c : values()) {
            if (c.key.equals(s.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new InvalidInputException("camera", "unknown camera '" + s + "'; expected top or gripper");
    }
}
