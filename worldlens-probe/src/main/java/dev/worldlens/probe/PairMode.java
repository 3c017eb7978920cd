package dev.worldlens.probe;

import dev.worldlens.core.InvalidInputException;

/**
 * How a probe sees a transition (z_t, z_t+k): both latents side by side (the study's default), their difference, or
 * the first latent beside the change ([z_t, z_t+k - z_t]: the same information as CONCAT, but after per-feature
 * standardisation the change has unit scale instead of being a small difference between two large inputs).
 */
public enum PairMode {
    CONCAT, DIFFERENCE, CONCAT_DELTA;

    public static PairMode parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "concat", "concatenated" -> CONCAT;
            case "diff", "difference", "differenced" -> DIFFERENCE;
            case "concat-delta", "concat_delta", "delta" -> CONCAT_DELTA;
            default -> throw new InvalidInputException("pair", "expected concat, difference or concat-delta, got '" + s + "'");
        };
    }
}
