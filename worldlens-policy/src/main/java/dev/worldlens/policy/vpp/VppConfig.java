package dev.worldlens.policy.vpp;

import dev.worldlens.policy.head.ActionHeadConfig;
import dev.worldlens.policy.head.VideoFormerConfig;

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
 */
public record VppConfig(VideoFormerConfig former, ActionHeadConfig head, List<String> vocabulary, long seed) {

    public VppConfig {
        vocabulary = List.copyOf(vocabulary);
        if (vocabulary.isEmpty()) {
            throw new IllegalArgumentException("the instruction vocabulary is empty");
        }
    }

    /** The default sizes over {@code vocabulary} (the instruction words, in embedding order), seed 0. */
    public static VppConfig defaults(List<String> vocabulary) {
        return new VppConfig(VideoFormerConfig.defaults(), ActionHeadConfig.defaults(), vocabulary, 0);
    }

    public VppConfig withFormer(VideoFormerConfig f) {
        return new VppConfig(f, head, vocabulary, seed);
    }

    public VppConfig withHead(ActionHeadConfig h) {
        return new VppConfig(former, h, vocabulary, seed);
    }

    public VppConfig withSeed(long s) {
        return new VppConfig(former, head, vocabulary, s);
    }
}
