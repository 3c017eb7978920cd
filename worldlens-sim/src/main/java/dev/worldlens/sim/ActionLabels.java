package dev.worldlens.sim;

import dev.worldlens.core.InvalidInputException;

import java.util.Locale;

/**
 * What a recorded action says. EXECUTED is the gripper's actual motion over the step (state t+1 minus state t in
 * command units), so a label never claims motion the frames do not show: the world refuses parts of a command at the
 * workspace edges, at the yaw limit, and in dx and dyaw while the gripper holds the drawer handle. COMMANDED is the
 * expert's clipped command, as datasets recorded it before issue 16.
 */
public enum ActionLabels {
    EXECUTED, COMMANDED;

    /** @throws InvalidInputException naming {@code labels} */
    public static ActionLabels parse(String s) {
        for (ActionLabels l : values()) {
            if (l.label().equals(s == null ? "" : s.toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new InvalidInputException("labels", "expected executed or commanded, got '" + s + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
