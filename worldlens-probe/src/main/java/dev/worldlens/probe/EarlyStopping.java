package dev.worldlens.probe;

import dev.worldlens.core.InvalidInputException;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

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

    /** 15% of the training episodes, evaluated every 10 steps, a patience of 500 steps. */
    public static EarlyStopping defaults() {
        return new EarlyStopping(0.15, 10, 500);
    }

    public boolean enabled() {
        return validationFraction > 0;
    }

    /**
     * Which rows are validation rows: whole episodes ({@code episodes[i]} is row i's), round(fraction * episodes) of
     * them (at least one, at most all but one), chosen by a seeded shuffle of the distinct episode ids.
     */
    public boolean[] validationRows(int[] episodes, SplittableRandom rng) {
        int[] ids = Arrays.stream(episodes).distinct().sorted().toArray();
        if (ids.length < 2) {
            throw new InvalidInputException("probe.earlyStopping", "early stopping holds back whole training "
                    + "episodes for validation, so it needs at least 2; the training pairs come from " + ids.length
                    + " (turn it off with EarlyStopping.NONE)");
        }
        for (int i = ids.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        int held = (int) Math.max(1, Math.min(ids.length - 1, Math.round(validationFraction * ids.length)));
        Set<Integer> validation = new HashSet<>();
        for (int i = 0; i < held; i++) {
            validation.add(ids[i]);
        }
        boolean[] out = new boolean[episodes.length];
        for (int i = 0; i < episodes.length; i++) {
            out[i] = validation.contains(episodes[i]);
        }
        return out;
    }
}
