package dev.worldlens.sim;

/** Global light: brightness, a colour tint and the direction shadows fall (in metres of offset). */
public record Lighting(double brightness, double tintR, double tintG, double tintB, double shadowDx,
                       double shadowDy) {
    public static final Lighting NEUTRAL = new Lighting(1.0, 1.0, 1.0, 1.0, 0.008, -0.008);

    public boolean isNeutral() {
        return brightness == 1.0 && tintR == 1.0 && tintG == 1.0 && tintB == 1.0;
    }
}
