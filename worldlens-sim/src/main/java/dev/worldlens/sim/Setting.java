package dev.worldlens.sim;

import dev.worldlens.core.InvalidInputException;

import java.util.Locale;

/**
 * STATIC keeps the furniture layout and look of a scene fixed (as CALVIN's environments A-D); RANDOMISED draws layout,
 * distractor shapes and lighting anew for every episode, so that appearance alone cannot identify the task.
 */
public enum Setting {
    STATIC, RANDOMISED;

    public static Setting parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "static" -> STATIC;
            case "randomised", "randomized", "random" -> RANDOMISED;
            default -> throw new InvalidInputException("setting", "unknown setting '" + s
                    + "'; expected static or randomised");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
