package dev.worldlens.sim;

import dev.worldlens.core.ActionSchema;

import java.util.List;

/** Facts about the Tabletop that datasets and policies need: its action schema, state names, cameras, rate. */
public final class Tabletop {
    public static final ActionSchema ACTION_SCHEMA = ActionSchema.fromLabels(
            List.of("dx", "dy", "dyaw", "gripper"),
            List.of(ActionSchema.TRANSLATION, ActionSchema.TRANSLATION, ActionSchema.ROTATION, ActionSchema.GRIPPER));
    public static final List<String> STATE_NAMES = TabletopState.NAMES;
    public static final double FPS = TabletopWorld.CONTROL_HZ;
    public static final String ROBOT_TYPE = "worldlens-tabletop";

    private Tabletop() {
    }
}
