package dev.worldlens.sim;

import dev.worldlens.core.InvalidInputException;

import java.util.Locale;

/**
 * The frame of a recorded action's (dx, dy). WORLD: the table's axes. GRIPPER: the gripper's own axes at time t,
 * which are the gripper camera's image axes (the {@link Renderer} maps a table point p to R(-yaw)(p - gripper) before
 * scaling, with y up). So a gripper-frame label is the world displacement rotated by minus the yaw at t:
 * {@code dx' = cos(yaw) dx + sin(yaw) dy, dy' = -sin(yaw) dx + cos(yaw) dy}; +dx' moves the gripper camera's
 * content to the left of the image and +dy' moves it down, whatever the yaw. dyaw and the gripper command are the same
 * in both frames.
 */
public enum ActionFrame {
    WORLD, GRIPPER;

    /** @throws InvalidInputException naming {@code actionFrame} */
    public static ActionFrame parse(String s) {
        for (ActionFrame f : values()) {
            if (f.label().equals(s == null ? "" : s.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new InvalidInputException("actionFrame", "expected world or gripper, got '" + s + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A world-frame translation (dx, dy) in this frame, for a gripper at {@code yaw} (radians). */
    public double[] fromWorld(double dx, double dy, double yaw) {
        if (this == WORLD) {
            return new double[]{dx, dy};
        }
        double c = Math.cos(yaw);
        double s = Math.sin(yaw);
        return new double[]{c * dx + s * dy, -s * dx + c * dy};
    }
}
