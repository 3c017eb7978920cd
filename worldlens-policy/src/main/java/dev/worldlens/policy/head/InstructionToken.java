package dev.worldlens.policy.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.worldlens.nn.Parameters;
import dev.worldlens.policy.language.InstructionEncoder;
import dev.worldlens.policy.language.WordEmbeddingInstructions;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The action head's instruction token: an instruction encoder, then an MLP (Linear E->2D, GELU, Linear 2D->D), as VPP
 * puts its frozen CLIP text encoder under a 512->768->384 MLP. The encoder is either the shared learned word
 * embeddings with word positions, mean-pooled ({@link WordEmbeddingInstructions}; the vocabulary is fixed when the
 * policy is built and saved with it, a word outside it maps to the shared unknown-word embedding), or a frozen
 * pretrained sentence encoder ({@link #frozen}), which has no vocabulary and reads any phrasing.
 */
public final class InstructionToken {
    private final InstructionEncoder encoder;
    private final WordEmbeddingInstructions words;
    private final FeedForward mlp;

    private InstructionToken(InstructionEncoder encoder, WordEmbeddingInstructions words, FeedForward mlp) {
        this.encoder = encoder;
        this.words = words;
        this.mlp = mlp;
    }

    public static InstructionToken create(List<String> vocabulary, int embedding, int width, Parameters params,
                                          String prefix, SplittableRandom rng) {
        // normal(0, 1) like nn.Embedding (and the predictor's table): at Dense.STD (0.02) two phrasings that differ
        // in one word gave tokens 0.01 apart, which 150 steps of DiffusionActionHeadTest could not always separate
        WordEmbeddingInstructions words = WordEmbeddingInstructions.withPositions(params, prefix, vocabulary,
                embedding, 1.0, rng);
        return new InstructionToken(words, words, FeedForward.create(params, prefix + "mlp", embedding, 2 * width,
                width, rng));
    }

    /** The token over a frozen encoder (no parameters of its own): only the MLP is learned. */
    public static InstructionToken frozen(InstructionEncoder encoder, int width, Parameters params, String prefix,
                                          SplittableRandom rng) {
        return new InstructionToken(encoder, null, FeedForward.create(params, prefix + "mlp", encoder.width(),
                2 * width, width, rng));
    }

    /** The learned encoder's words (empty over a frozen sentence encoder). */
    public List<String> vocabulary() {
        return words == null ? List.of() : words.vocabulary();
    }

    /** Words of {@code instruction} that the vocabulary lacks (none for a sentence encoder, which reads any word). */
    public List<String> unknownWords(String instruction) {
        return words == null ? List.of() : words.unknownWords(instruction);
    }

    /** One token [B, 1, D] per instruction, on {@code scope}. */
    public NDArray forward(NDManager scope, List<String> instructions) {
        return mlp.forward(encoder.encode(scope, instructions)).reshape(instructions.size(), 1, -1);
    }
}
