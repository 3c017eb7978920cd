package dev.worldlens.policy;

/**
 * The one interface the simulator's evaluator, the trainers and the server speak to: an observation in, an action
 * chunk out. The caller executes the whole chunk (or a prefix of it) before asking again.
 */
public interface Policy extends AutoCloseable {

    /** An action chunk [H][A] in the dataset's action schema, actions in [-1, 1]. */
    float[][] act(Observation observation);

    /** Called at the start of every task chain (a new episode), so that stateful policies can forget. */
    default void reset() {
    }

    @Override
    default void close() {
    }
}
