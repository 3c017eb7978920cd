package dev.worldlens.probe;

import dev.worldlens.core.InvalidInputException;

/** How a probe sees a transition: both latents side by side (the study's default) or their difference. */
public enum PairMode {
    CONCAT, DIFFERENCE;

    public static PairMode parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "concat", "concatenated" -> CONCAT;
            case "diff", "difference", "differenced" -> DIFFERENCE;
            default -> throw new InvalidInputException("--pair", "expected concat or difference, got '" + s + "'");
        };
    }
}
