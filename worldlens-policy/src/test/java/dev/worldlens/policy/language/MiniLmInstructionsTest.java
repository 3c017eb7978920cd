package dev.worldlens.policy.language;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * all-MiniLM-L6-v2 gives, for fixed sentences, the token ids and the embedding that another implementation
 * (langchain4j's, with its own runtime) stored in minilm/reference.tsv.
 */
class MiniLmInstructionsTest {
    private static MiniLmInstructions encoder;

    private record Reference(String sentence, long[] ids, float[] vector) {
    }

    @BeforeAll
    static void open() {
        encoder = MiniLmInstructions.open();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void embeddingsMatchTheStoredReferenceVectors() throws Exception {
        List<Reference> refs = references();
        assertEquals(3, refs.size());
        for (Reference r : refs) {
            assertArrayEquals(r.ids(), encoder.tokenIds(r.sentence()), r.sentence());
            float[] v = encoder.embed(r.sentence());
            assertEquals(MiniLmInstructions.WIDTH, v.length);
            double maxDiff = 0;
            for (int d = 0; d < v.length; d++) {
                maxDiff = Math.max(maxDiff, Math.abs(v[d] - r.vector()[d]));
            }
            assertTrue(maxDiff < 1e-5, r.sentence() + ": largest difference " + maxDiff);
        }
    }

    @Test
    void phrasingsOfOneTaskLieCloserThanOtherTasks() {
        float[] lift = encoder.embed("lift the red block");
        float[] pick = encoder.embed("pick up the red block");
        float[] drawer = encoder.embed("close the drawer");
        assertTrue(dot(lift, pick) > dot(lift, drawer) + 0.2, dot(lift, pick) + " vs " + dot(lift, drawer));
        assertEquals(1.0, dot(lift, lift), 1e-5, "unit length");
    }

    @Test
    void aBatchIsOneRowPerInstruction() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray batch = encoder.encode(m, List.of("open the drawer", "", "open the drawer"));
            assertArrayEquals(new long[]{3, MiniLmInstructions.WIDTH}, batch.getShape().getShape());
            float[] values = batch.toFloatArray();
            assertArrayEquals(Arrays.copyOfRange(values, 0, 384), Arrays.copyOfRange(values, 768, 1152));
            assertEquals(MiniLmInstructions.WIDTH, encoder.width());
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static List<Reference> references() throws Exception {
        List<Reference> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                MiniLmInstructionsTest.class.getResourceAsStream("/minilm/reference.tsv")), StandardCharsets.UTF_8))) {
            String sentence = null;
            long[] ids = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split("\t");
                switch (cells[0]) {
                    case "SENTENCE" -> sentence = cells[1];
                    case "IDS" -> ids = Arrays.stream(cells[1].replaceAll("[\\[\\]]", "").split(", "))
                            .mapToLong(Long::parseLong).toArray();
                    case "VECTOR" -> {
                        String[] parts = cells[1].split(" ");
                        float[] v = new float[parts.length];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = Float.parseFloat(parts[i]);
                        }
                        out.add(new Reference(sentence, ids, v));
                    }
                    default -> {
                    }
                }
            }
        }
        return out;
    }
}
