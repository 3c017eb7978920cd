package dev.worldlens.probe;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.InvalidInputException;

import java.util.List;
import java.util.Locale;

/**
 * What a transition (z_t, z_t+k) is asked to predict. For k = 1 both choices are a_t.
 *
 * <ul>
 *   <li>{@link #FIRST}: the action a_t only. For k > 1 the frames also show a_{t+1} ... a_{t+k-1}, which the target
 *       ignores, so even a perfect encoder cannot reach R^2 1 (the probe's earlier, and the paper's literal,
 *       reading).</li>
 *   <li>{@link #SUM}: the whole change between the frames, a_t + ... + a_{t+k-1} for relative actions (the study's
 *       choice for k > 1). A gripper dimension takes the last command a_{t+k-1} instead: the gripper command is an
 *       absolute open/close setpoint, not a displacement, so a sum of k commands is a count no frame shows, while
 *       the gripper seen at t+k follows the last command.</li>
 * </ul>
 */
public enum ActionTarget {
    FIRST, SUM;

    public static ActionTarget parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "first" -> FIRST;
            case "sum" -> SUM;
            default -> throw new InvalidInputException("target", "expected first or sum, got '" + s + "'");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The target of the transition starting at step {@code t} of an episode whose actions are {@code actions}
     * (row-major [steps][a]), for frame gap {@code k}.
     *
     * @param gripper per dimension, whether it is in the schema's gripper group
     */
    float[] of(float[] actions, int a, int t, int k, boolean[] gripper) {
        float[] out = new float[a];
        System.arraycopy(actions, t * a, out, 0, a);
        if (this == FIRST) {
            return out;
        }
        for (int s = t + 1; s < t + k; s++) {
            for (int j = 0; j < a; j++) {
                out[j] = gripper[j] ? actions[s * a + j] : out[j] + actions[s * a + j];
            }
        }
        return out;
    }

    /** Which dimensions of the schema are gripper commands (none without a gripper group). */
    static boolean[] gripperMask(ActionSchema schema, int a) {
        boolean[] mask = new boolean[a];
        List<Integer> g = schema == null ? null : schema.groups().get(ActionSchema.GRIPPER);
        if (g != null) {
            g.forEach(d -> mask[d] = true);
        }
        return mask;
    }
}
