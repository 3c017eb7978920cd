package dev.worldlens.policy.eval;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.policy.language.WordEmbeddingInstructions;
import dev.worldlens.sim.Camera;
import dev.worldlens.sim.Task;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

    /**
     * Phrasing {@code k} (0..2) of every Tabletop task: the instructions held out of training to evaluate unseen
     * phrasings with {@link ChainConfig#phrasing()} = k.
     */
    public static Set<String> phrasing(int k) {
        Set<String> out = new LinkedHashSet<>();
        for (Task t : Task.all()) {
            if (k < 0 || k >= t.type().templates().size()) {
                throw new InvalidInputException("phrasing", "expected 0.." + (t.type().templates().size() - 1)
                        + " (each Tabletop task has " + t.type().templates().size() + " phrasings), got " + k);
            }
            out.add(t.instruction(k));
        }
        return out;
    }

    /** The Tabletop's camera names, the keys of a Tabletop observation's images. */
    public static List<String> cameras() {
        return List.of(Camera.TOP.key(), Camera.GRIPPER.key());
    }
}
