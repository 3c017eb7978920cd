package dev.worldlens.sim;

/**
 * How a scripted expert moves: action noise (std, in action units), the chance of pausing before a motion and for how
 * long, and the range its speed is drawn from per motion. The variation is what makes one frame insufficient to
 * know the action: inverse dynamics needs two.
 */
public record ExpertStyle(double noise, double pauseProbability, int maxPause, double minSpeed, double maxSpeed) {
    public static final ExpertStyle DEFAULT = new ExpertStyle(0.05, 0.25, 6, 0.4, 1.0);
    /** No noise, no pauses, full speed: for tests of the world itself. */
    public static final ExpertStyle PRECISE = new ExpertStyle(0.0, 0.0, 0, 1.0, 1.0);

    /** This style with another noise std, pauses and speeds unchanged. */
    public ExpertStyle withNoise(double std) {
        return new ExpertStyle(std, pauseProbability, maxPause, minSpeed, maxSpeed);
    }
}
