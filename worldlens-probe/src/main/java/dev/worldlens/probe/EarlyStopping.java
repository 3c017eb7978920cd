package dev.worldlens.probe;

import dev.worldlens.core.InvalidInputException;

/**
 * Early stopping of a network probe: a share of the training episodes (whole episodes, drawn with the probe seed,
 * so no validation frame's neighbour trains) is held back, the validation MSE is evaluated every {@code every}
 * steps, the weights at the lowest one are kept, and training stops {@code patience} steps after it.
 *
 * @param validationFraction share of the training episodes held back (at least one episode); 0 turns it off
 * @param every              steps between evaluations
 * @param patience           steps without a lower validation MSE before stopping
 */
public record EarlyStopping(double validationFraction, int every, int patience) {
    /** No early stopping: every configured step on every training pair. */
    public static final EarlyStopping NONE = new EarlyStopping(0, 1, 1);

    public EarlyStopping {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new InvalidInputException("probe.earlyStopping.validationFraction", "expected a share in [0, 1), "
                    + "got " + validationFraction);
        }
        if (every <= 0) {
            throw new InvalidInputException("probe.earlyStopping.every", "expected a positive number of steps, got "
                    + every);
        }
        if (patience <= 0) {
            throw new InvalidInputException("probe.earlyStopping.patience", "expected a positive number of steps, "
                    + "got " + patience);
        }
    }

    /** 15% of the training episodes, evaluated every 100 steps, a patience of 500 steps. */
    public static EarlyStopping defaults() {
        return new EarlyStopping(0.15, 100, 500);
    }

    public boolean enabled() {
        return validationFraction > 0;
    }
}
