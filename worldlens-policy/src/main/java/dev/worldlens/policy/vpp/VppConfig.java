package dev.worldlens.policy.vpp;

import dev.worldlens.policy.head.ActionHeadConfig;
import dev.worldlens.policy.head.VideoFormerConfig;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.policy.language.MiniLmInstructions;

import java.util.List;

/**
 * Everything that fixes a {@link VppPolicy}'s trained part: the Video Former, the action head, the instruction
 * vocabulary and the seed of its initial weights and of its sampling noise. The visual features are given apart
 * (they are frozen and built by their own stage).
 *
 * @param former     the Video Former (or its bypass)
 * @param head       the diffusion action head
 * @param vocabulary the words the instruction encoder knows, in embedding order (saved with the weights); given by
 *                   the caller (e.g. {@code eval.TabletopInputs.vocabulary()} for a policy run in the Tabletop)
 * @param seed       initial weights and, after every {@link VppPolicy#reset()}, the sampling noise
 * @param instructions the instruction encoder under the head's MLP: {@value #WORDS} (word embeddings learned with
 *                   the head over {@code vocabulary}) or {@value MiniLmInstructions#NAME} (the frozen pretrained
 *                   sentence encoder, {@link MiniLmInstructions}); policies saved before it existed read as words
 */
public record VppConfig(VideoFormerConfig former, ActionHeadConfig head, List<String> vocabulary, long seed,
                        String instructions) {
    public static final String WORDS = "words";

    public VppConfig {
        vocabulary = List.copyOf(vocabulary);
        if (vocabulary.isEmpty()) {
            throw new IllegalArgumentException("the instruction vocabulary is empty");
        }
        instructions = instructions == null ? WORDS : instructions;
        if (!instructions.equals(WORDS) && !instructions.equals(MiniLmInstructions.NAME)) {
            throw new InvalidInputException("instructions", "expected " + WORDS + " or " + MiniLmInstructions.NAME
                    + ", got '" + instructions + "'");
        }
    }

    /** The default sizes over {@code vocabulary} (the instruction words, in embedding order), seed 0, words. */
    public static VppConfig defaults(List<String> vocabulary) {
        return new VppConfig(VideoFormerConfig.defaults(), ActionHeadConfig.defaults(), vocabulary, 0, WORDS);
    }

    public VppConfig withFormer(VideoFormerConfig f) {
        return new VppConfig(f, head, vocabulary, seed, instructions);
    }

    public VppConfig withHead(ActionHeadConfig h) {
        return new VppConfig(former, h, vocabulary, seed, instructions);
    }

    public VppConfig withSeed(long s) {
        return new VppConfig(former, head, vocabulary, s, instructions);
    }

    /** The same policy over another instruction encoder ({@value #WORDS} or {@value MiniLmInstructions#NAME}). */
    public VppConfig withInstructions(String encoder) {
        return new VppConfig(former, head, vocabulary, seed, encoder);
    }
}
