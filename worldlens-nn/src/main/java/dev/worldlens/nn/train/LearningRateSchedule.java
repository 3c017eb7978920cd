package dev.worldlens.nn.train;

/**
 * Linear warm-up to {@code peak}, then cosine decay to {@code peak * floor} at the last step (the schedule of
 * MAE, DINO, JEPA and VPP's action head).
 */
public record LearningRateSchedule(double peak, int warmupSteps, int totalSteps, double floor) {

    public LearningRateSchedule {
        if (!(peak > 0) || warmupSteps < 0 || totalSteps < 1 || floor < 0 || floor > 1) {
            throw new IllegalArgumentException("learning rate schedule needs peak > 0, warm-up >= 0, steps >= 1 and "
                    + "floor in [0, 1]; got " + peak + ", " + warmupSteps + ", " + totalSteps + ", " + floor);
        }
    }

    /** Warm-up over 5% of the steps (at least one), decay to 1% of the peak. */
    public static LearningRateSchedule cosine(double peak, int totalSteps) {
        return new LearningRateSchedule(peak, Math.max(1, totalSteps / 20), totalSteps, 0.01);
    }

    /** The rate at a 0-based step. */
    public double at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        int decay = Math.max(1, totalSteps - warmupSteps - 1);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decay);
        return peak * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
