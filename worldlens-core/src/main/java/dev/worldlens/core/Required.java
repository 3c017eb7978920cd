package dev.worldlens.core;

import java.util.StringJoiner;

/**
 * The first check of a config builder's {@code build()}: every required ({@code set*}) field was given. All the
 * missing ones are named at once, each with its setter, as {@code LeRobotDatasetWriter.Builder} does; a missing field
 * is a programming error, so it is an {@link IllegalStateException}, not bad user input.
 */
public final class Required {
    private Required() {
    }

    /**
     * Checks {@code namesAndValues}, pairs of a field name and the builder's value for it (null when never set).
     *
     * @throws IllegalStateException naming each field still unset, e.g. "PretrainSpec.builder(): required fields
     *                               not set: steps (setSteps), batch (setBatch)"
     */
    public static void check(String config, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected (name, value) pairs, got " + namesAndValues.length
                    + " arguments");
        }
        StringJoiner missing = new StringJoiner(", ");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                String field = (String) namesAndValues[i];
                missing.add(field + " (set" + Character.toUpperCase(field.charAt(0)) + field.substring(1) + ")");
            }
        }
        if (missing.length() > 0) {
            throw new IllegalStateException(config + ".builder(): required fields not set: " + missing);
        }
    }
}
