package dev.worldlens.policy.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.worldlens.nn.Parameters;
import dev.worldlens.policy.language.WordEmbeddingInstructions;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The action head's instruction token: the shared learned word embeddings with word positions, mean-pooled
 * ({@link WordEmbeddingInstructions}), then an MLP (Linear E->2D, GELU, Linear 2D->D), in the place of VPP's frozen
 * CLIP text encoder and its 512->768->384 MLP. The vocabulary is fixed when the policy is built (the simulator's
 * task phrasings) and saved with it; a word outside it maps to the shared unknown-word embedding.
 */
public final class InstructionToken {
    private final WordEmbeddingInstructions words;
    private final FeedForward mlp;

    private InstructionToken(WordEmbeddingInstructions words, FeedForward mlp) {
        this.words = words;
        this.mlp = mlp;
    }

    public static InstructionToken create(List<String> vocabulary, int embedding, int width, Parameters params,
                                          String prefix, SplittableRandom rng) {
        // normal(0, 1) like nn.Embedding (and the predictor's table): at Dense.STD (0.02) two phrasings that differ
        // in one word gave tokens 0.01 apart, which 150 steps of DiffusionActionHeadTest could not always separate
        WordEmbeddingInstructions words = WordEmbeddingInstructions.withPositions(params, prefix, vocabulary,
                embedding, 1.0, rng);
        return new InstructionToken(words, FeedForward.create(params, prefix + "mlp", embedding, 2 * width, width,
                rng));
    }

    public List<String> vocabulary() {
        return words.vocabulary();
    }

    /** Words of {@code instruction} that the vocabulary lacks (they share the unknown-word embedding). */
    public List<String> unknownWords(String instruction) {
        return words.unknownWords(instruction);
    }

    /** One token [B, 1, D] per instruction, on {@code scope}. An empty instruction gives the MLP of a zero mean. */
    public NDArray forward(NDManager scope, List<String> instructions) {
        return mlp.forward(words.encode(scope, instructions)).reshape(instructions.size(), 1, -1);
    }
}
