package dev.worldlens.core.split;

import dev.worldlens.core.InvalidInputException;

import java.util.Locale;

/** How episodes are divided between probe training and testing. */
public enum SplitKind {
    /** Held-out task families never reach training (task-OOD). */
    TASK,
    /** Held-out scenes never reach training (e.g. A, B, C -> D). */
    SCENE,
    /** Random episodes are held out. */
    EPISODE;

    public static SplitKind parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("split", "expected task, scene or episode, got '" + s + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
