package dev.worldlens.probe;

import dev.worldlens.nn.Standardizer;

import java.util.SplittableRandom;

/**
 * Time-reversal augmentation of training pairs: with probability 1/2 a pair is shown backwards (frame t+k first)
 * with its motion columns negated (for the small steps of a gripper, undoing a move is the opposite move), and the
 * other columns (a gripper command is not undone by reversing the frames) left out of that pair's loss. A scene
 * then comes with both signs of motion, so a network that keys on which task it sees rather than on how the image
 * moved cannot fit it: the remedy for memorising the training tasks' typical actions.
 *
 * @param reversible the target columns negated when a pair is reversed (empty: never reverse)
 * @param actions    target columns in all
 */
record TimeReversal(int[] reversible, int actions) {
    TimeReversal {
        reversible = reversible.clone();
        for (int c : reversible) {
            if (c < 0 || c >= actions) {
                throw new IllegalArgumentException("cnn probe: reversible column " + c + " is not one of the "
                        + actions + " target columns");
            }
        }
    }

    boolean enabled() {
        return reversible.length > 0;
    }

    /** Whether the next pair is reversed (draws nothing when disabled, so other streams are unaffected). */
    boolean draw(SplittableRandom rng) {
        return enabled() && rng.nextBoolean();
    }

    /**
     * Writes the standardised target of a pair with raw target {@code y} to {@code target} at {@code at}, and its
     * loss weights to {@code weight}: all 1 forwards; backwards, the reversible columns negated (then standardised)
     * with weight 1 and the others weight 0.
     */
    void target(float[] y, boolean backwards, Standardizer stats, float[] target, float[] weight, int at) {
        for (int j = 0; j < actions; j++) {
            target[at + j] = (y[j] - stats.mean()[j]) / stats.std()[j];
            weight[at + j] = backwards ? 0f : 1f;
        }
        if (backwards) {
            for (int j : reversible) {
                target[at + j] = (-y[j] - stats.mean()[j]) / stats.std()[j];
                weight[at + j] = 1f;
            }
        }
    }
}
