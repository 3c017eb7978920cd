package dev.worldlens.probe;

/**
 * Settings of the attentive inverse-dynamics probe.
 *
 * @param width   width of the query, keys and values (split over the heads); e.g. 64, or the token width D
 * @param heads   attention heads, 1 to 4 typically; must divide {@code width}
 * @param steps   Adam steps
 * @param batch   pairs per step, drawn by epoch shuffles (see {@link dev.worldlens.nn.Minibatches})
 * @param lr      Adam learning rate (betas 0.9/0.999, eps 1e-8, no weight decay)
 * @param threads PyTorch intra-op threads to set before fitting (process wide); 0 leaves the engine's setting
 */
public record AttentiveProbeConfig(int width, int heads, int steps, int batch, double lr, int threads) {
    public AttentiveProbeConfig {
        if (width <= 0 || heads <= 0 || width % heads != 0) {
            throw new IllegalArgumentException("width must be a positive multiple of heads, got width " + width
                    + " and " + heads + " heads");
        }
        if (steps < 0 || batch <= 0 || !(lr > 0) || threads < 0) {
            throw new IllegalArgumentException("need steps >= 0, batch > 0, lr > 0 and threads >= 0");
        }
    }

    /** Width 64, 4 heads, 3,000 steps, batch 256, lr 1e-3. */
    public static AttentiveProbeConfig defaults() {
        return new AttentiveProbeConfig(64, 4, 3000, 256, 1e-3, 0);
    }

    public AttentiveProbeConfig withWidth(int w) {
        return new AttentiveProbeConfig(w, heads, steps, batch, lr, threads);
    }

    public AttentiveProbeConfig withHeads(int h) {
        return new AttentiveProbeConfig(width, h, steps, batch, lr, threads);
    }

    public AttentiveProbeConfig withSteps(int s) {
        return new AttentiveProbeConfig(width, heads, s, batch, lr, threads);
    }

    public AttentiveProbeConfig withBatch(int b) {
        return new AttentiveProbeConfig(width, heads, steps, b, lr, threads);
    }

    public AttentiveProbeConfig withLearningRate(double l) {
        return new AttentiveProbeConfig(width, heads, steps, batch, l, threads);
    }

    public AttentiveProbeConfig withThreads(int t) {
        return new AttentiveProbeConfig(width, heads, steps, batch, lr, t);
    }
}
