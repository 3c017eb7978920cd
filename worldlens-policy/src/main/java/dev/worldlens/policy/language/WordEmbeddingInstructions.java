package dev.worldlens.policy.language;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Parameters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Learned word embeddings mean-pooled over an instruction: the stand-in for VPP's CLIP text encoder when the only
 * language is a simulator's task phrasings (a few dozen words). Both VPP stages use it: the video predictor reads
 * the pooled vector, the action head (through {@code head.InstructionToken}) an MLP of it. Words are the lower-case
 * runs of letters and digits; row 0 of the table stands for any word outside the vocabulary, so an unseen phrasing
 * still encodes. The empty instruction (and one with no words) encodes to the zero vector, which is VPP's
 * unconditional text input (it zeroes the CLIP embedding for its 5% dropout). The pooling is a product with a
 * [B, vocabulary + 1] weight matrix (the vocabulary is small), which keeps the table's gradient a plain dense matmul.
 * <p>
 * Parameters: {@code prefix + "words"} [vocabulary + 1, width]; with word positions also {@code prefix +
 * "positions"} [MAX_WORDS, width], whose mean over the instruction's places is added (word order then tells
 * "left" in "push left" from a colour word in the same place).
 */
public final class WordEmbeddingInstructions implements InstructionEncoder {
    /** Places that have a position embedding; later words are pooled without one. */
    public static final int MAX_WORDS = 24;

    private final List<String> vocabulary;
    private final Map<String, Integer> index = new HashMap<>();
    private final NDArray table;
    private final NDArray positions; // null without word positions

    private WordEmbeddingInstructions(List<String> vocabulary, NDArray table, NDArray positions) {
        this.vocabulary = List.copyOf(vocabulary);
        for (int i = 0; i < vocabulary.size(); i++) {
            index.put(vocabulary.get(i), i + 1);
        }
        this.table = table;
        this.positions = positions;
    }

    /** The sorted set of words in {@code instructions}. */
    public static List<String> vocabularyOf(List<String> instructions) {
        TreeSet<String> words = new TreeSet<>();
        for (String s : instructions) {
            words.addAll(words(s));
        }
        return new ArrayList<>(words);
    }

    /** The table in {@code params}, normal(0, 1) like {@code nn.Embedding}, drawn from {@code rng}; no positions. */
    public static WordEmbeddingInstructions create(Parameters params, String prefix, List<String> vocabulary,
                                                   int width, SplittableRandom rng) {
        NDArray table = params.normal(prefix + "words", 1.0, rng, vocabulary.size() + 1L, width);
        return new WordEmbeddingInstructions(vocabulary, table, null);
    }

    /** The table and word-position embeddings in {@code params}, both normal(0, {@code std}). */
    public static WordEmbeddingInstructions withPositions(Parameters params, String prefix, List<String> vocabulary,
                                                          int width, double std, SplittableRandom rng) {
        NDArray table = params.normal(prefix + "words", std, rng, vocabulary.size() + 1L, width);
        NDArray positions = params.normal(prefix + "positions", std, rng, MAX_WORDS, width);
        return new WordEmbeddingInstructions(vocabulary, table, positions);
    }

    /** Lower-case runs of letters and digits, in order. */
    public static List<String> words(String instruction) {
        List<String> out = new ArrayList<>();
        for (String w : instruction.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    public List<String> vocabulary() {
        return vocabulary;
    }

    /** Words of {@code instruction} that the vocabulary lacks (they share the unknown-word row). */
    public List<String> unknownWords(String instruction) {
        List<String> out = new ArrayList<>();
        for (String w : words(instruction)) {
            if (!index.containsKey(w)) {
                out.add(w);
            }
        }
        return out;
    }

    @Override
    public int width() {
        return Math.toIntExact(table.getShape().get(1));
    }

    @Override
    public NDArray encode(NDManager scope, List<String> instructions) {
        int b = instructions.size();
        int rows = vocabulary.size() + 1;
        // pooling weights [B, V + 1] (and [B, MAX_WORDS]): 1/len per occurrence, so each mean is one small matmul
        float[] weight = new float[b * rows];
        float[] place = new float[b * MAX_WORDS];
        for (int i = 0; i < b; i++) {
            List<String> words = words(instructions.get(i));
            for (int p = 0; p < words.size(); p++) {
                weight[i * rows + index.getOrDefault(words.get(p), 0)] += 1f / words.size();
                if (p < MAX_WORDS) {
                    place[i * MAX_WORDS + p] = 1f / words.size();
                }
            }
        }
        NDArray mean = scope.create(weight, new Shape(b, rows)).matMul(table);
        return positions == null ? mean : mean.add(scope.create(place, new Shape(b, MAX_WORDS)).matMul(positions));
    }
}
