package dev.worldlens.policy.reference;

/**
 * What the state references read of a state, and which task an instruction asks for: the state itself by default,
 * or what an environment knows better (the tabletop's task frame, {@code eval.TaskFrameFeatures}).
 */
public interface StateFeatures {
    /** The state itself; an instruction is known only as the training windows spell it. */
    StateFeatures STATE = new StateFeatures() {
        @Override
        public float[] of(float[] state, String taskId) {
            return state;
        }

        @Override
        public String taskOf(String instruction, String fallback) {
            return fallback;
        }

        @Override
        public boolean needsTask() {
            return false;
        }
    };

    /** The state as the task sees it (the same length for every state of one task). */
    float[] of(float[] state, String taskId);

    /** The task id an instruction asks for, or {@code fallback} when it is not known. */
    String taskOf(String instruction, String fallback);

    /** Whether {@link #of} reads its task id (then an instruction that names no known task cannot be answered). */
    default boolean needsTask() {
        return true;
    }
}
