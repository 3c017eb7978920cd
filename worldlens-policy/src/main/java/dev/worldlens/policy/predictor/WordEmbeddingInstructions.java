package dev.worldlens.policy.predictor;

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
 * language is a simulator's task phrasings (a few dozen words). Words are the lower-case runs of letters and digits;
 * row 0 of the table stands for any word outside the vocabulary. The empty instruction (and one with no words)
 * encodes to the zero vector, which is VPP's unconditional text input (it zeroes the CLIP embedding for its 5%
 * dropout). The pooling is a product with a [B, vocabulary + 1] weight matrix (the vocabulary is small), which also
 * keeps the table's gradient a plain dense matmul. Parameter {@code prefix + "words"} [vocabulary + 1, width], normal(0, 1) like {@code nn.Embedding}.
 */
public final class WordEmbeddingInstructions implements InstructionEncoder {
    private final List<String> vocabulary;
    private final Map<String, Integer> index = new HashMap<>();
    private final NDArray table;

    private WordEmbeddingInstructions(List<String> vocabulary, NDArray table) {
        this.vocabulary = List.copyOf(vocabulary);
        for (int i = 0; i < vocabulary.size(); i++) {
            index.put(vocabulary.get(i), i + 1);
        }
        this.table = table;
    }

    /** The sorted set of words in {@code instructions}. */
    public static List<String> vocabularyOf(List<String> instructions) {
        TreeSet<String> words = new TreeSet<>();
        for (String s : instructions) {
            words.addAll(words(s));
        }
        return new ArrayList<>(words);
    }

    /** Defines the embedding table in {@code params}, drawn from {@code rng}. */
    public static WordEmbeddingInstructions create(Parameters params, String prefix, List<String> vocabulary,
                                                   int width, SplittableRandom rng) {
        NDArray table = params.normal(prefix + "words", 1.0, rng, vocabulary.size() + 1L, width);
        return new WordEmbeddingInstructions(vocabulary, table);
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

    @Override
    public int width() {
        return Math.toIntExact(table.getShape().get(1));
    }

    @Override
    public NDArray encode(NDManager scope, List<String> instructions) {
        int b = instructions.size();
        int rows = vocabulary.size() + 1;
        // pooling weights [B, V + 1]: 1/len per occurrence of a word, so the mean is one small matmul
        float[] weight = new float[b * rows];
        for (int i = 0; i < b; i++) {
            List<String> words = words(instructions.get(i));
            for (String w : words) {
                weight[i * rows + index.getOrDefault(w, 0)] += 1f / words.size();
            }
        }
        return scope.create(weight, new Shape(b, rows)).matMul(table);
    }
}
