package dev.worldlens.policy.language;

import ai.djl.ndarray.NDManager;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordEmbeddingInstructionsTest {

    @Test
    void wordsAreLowerCaseRunsOfLettersAndDigits() {
        assertEquals(List.of("push", "the", "red", "block", "2", "cm", "left"),
                WordEmbeddingInstructions.words("Push the RED block, 2 cm left!"));
        assertEquals(List.of(), WordEmbeddingInstructions.words("  "));
        assertEquals(List.of("a", "b", "c"), WordEmbeddingInstructions.vocabularyOf(List.of("c b", "a, b")));
    }

    @Test
    void anInstructionIsTheMeanOfItsWordRowsAndTheEmptyOneIsZero() {
        try (NDManager manager = Torch.newManager(); Parameters params = new Parameters(manager)) {
            WordEmbeddingInstructions text = WordEmbeddingInstructions.create(params, "t.", List.of("drawer", "open",
                    "the"), 4, new SplittableRandom(1));
            float[] table = params.get("t.words").toFloatArray(); // rows: unknown, drawer, open, the
            float[] got = text.encode(manager, List.of("Open the drawer", "", "open sesame")).toFloatArray();
            assertEquals(12, got.length);
            for (int c = 0; c < 4; c++) {
                assertEquals((table[8 + c] + table[12 + c] + table[4 + c]) / 3, got[c], 1e-6);
                assertEquals(0f, got[4 + c]);
                assertEquals((table[8 + c] + table[c]) / 2, got[8 + c], 1e-6);
            }
        }
    }
}
