package dev.worldlens.policy.eval;

import dev.worldlens.policy.language.WordEmbeddingInstructions;
import dev.worldlens.sim.Camera;
import dev.worldlens.sim.Task;

import java.util.List;

/**
 * What the Tabletop shows a policy that {@link ChainEvaluator} runs in it: the phrasings of its tasks, the words in
 * them and the names of its cameras. The model side (configs, encoders, training) knows no simulator and takes these
 * as data; the callers that build a policy for the Tabletop (the policy study, the CLI) pass them from here.
 */
public final class TabletopInputs {
    private TabletopInputs() {
    }

    /** Every phrasing of every Tabletop task, in the simulator's order: its task vocabulary. */
    public static List<String> instructions() {
        return Task.vocabulary();
    }

    /** The words of every phrasing of every Tabletop task, sorted: an instruction encoder's vocabulary. */
    public static List<String> vocabulary() {
        return WordEmbeddingInstructions.vocabularyOf(instructions());
    }

    /** The Tabletop's camera names, the keys of a Tabletop observation's images. */
    public static List<String> cameras() {
        return List.of(Camera.TOP.key(), Camera.GRIPPER.key());
    }
}
