package dev.worldlens.policy.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The instruction as one token: learned word embeddings (plus a learned embedding of the word's position) averaged
 * over the words, then an MLP (Linear E->2D, GELU, Linear 2D->D), in the place of VPP's frozen CLIP text encoder and
 * its 512->768->384 MLP. The vocabulary is fixed when the policy is built (the simulator's task phrasings) and saved
 * with it; a word outside it maps to a shared unknown-word embedding, so an unseen phrasing still gives a token.
 */
public final class InstructionEncoder {
    public static final int MAX_WORDS = 24;

    private final List<String> vocabulary;
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final NDArray words;     // [V + 1, E], row 0 the unknown word
    private final NDArray positions; // [MAX_WORDS, E]
    private final FeedForward mlp;

    private InstructionEncoder(List<String> vocabulary, NDArray words, NDArray positions, FeedForward mlp) {
        this.vocabulary = List.copyOf(vocabulary);
        for (int i = 0; i < vocabulary.size(); i++) {
            index.put(vocabulary.get(i), i + 1);
        }
        this.words = words;
        this.positions = positions;
        this.mlp = mlp;
    }

    public static InstructionEncoder create(List<String> vocabulary, int embedding, int width, Parameters params,
                                            String prefix, SplittableRandom rng) {
        NDArray words = params.normal(prefix + "words", Dense.STD, rng, vocabulary.size() + 1L, embedding);
        NDArray positions = params.normal(prefix + "positions", Dense.STD, rng, MAX_WORDS, embedding);
        return new InstructionEncoder(vocabulary, words, positions,
                FeedForward.create(params, prefix + "mlp", embedding, 2 * width, width, rng));
    }

    /** The distinct lower-case words of {@code sentences}, in order of first appearance. */
    public static List<String> vocabularyOf(List<String> sentences) {
        List<String> out = new ArrayList<>();
        for (String s : sentences) {
            for (String w : tokenize(s)) {
                if (!out.contains(w)) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    static List<String> tokenize(String sentence) {
        List<String> out = new ArrayList<>();
        for (String w : sentence.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty() && out.size() < MAX_WORDS) {
                out.add(w);
            }
        }
        return out;
    }

    public List<String> vocabulary() {
        return vocabulary;
    }

    /** Words of {@code instruction} that the vocabulary lacks (they share the unknown-word embedding). */
    public List<String> unknownWords(String instruction) {
        List<String> out = new ArrayList<>();
        for (String w : tokenize(instruction)) {
            if (!index.containsKey(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** One token [B, 1, D] per instruction, on {@code scope}. An empty instruction gives the MLP of a zero mean. */
    public NDArray forward(NDManager scope, List<String> instructions) {
        int b = instructions.size();
        int v = vocabulary.size() + 1;
        // a [B, V + 1] and a [B, MAX_WORDS] averaging matrix: the mean embedding is two small matmuls, differentiable
        float[] wordWeights = new float[b * v];
        float[] positionWeights = new float[b * MAX_WORDS];
        for (int i = 0; i < b; i++) {
            List<String> ws = tokenize(instructions.get(i));
            for (int p = 0; p < ws.size(); p++) {
                wordWeights[i * v + index.getOrDefault(ws.get(p), 0)] += 1f / ws.size();
                positionWeights[i * MAX_WORDS + p] = 1f / ws.size();
            }
        }
        NDArray mean = scope.create(wordWeights, new Shape(b, v)).matMul(words)
                .add(scope.create(positionWeights, new Shape(b, MAX_WORDS)).matMul(positions));
        return mlp.forward(mean).reshape(b, 1, -1);
    }
}
