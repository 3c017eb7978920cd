package dev.worldlens.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TerminalProgressTest {
    /*
     * The library draws from a background thread, so how many lines the first close leaves depends on when that
     * thread ran (CI once saw the final line drawn by both the scheduled refresh and the close). What must hold
     * whatever the timing is that a second close adds nothing.
     */
    @Test
    void closingABarAgainPrintsNothingMore() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String afterFirst;
        String afterSecond;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            TerminalProgress.TerminalBar p = TerminalProgress.open("load frames", 10, 0);
            p.step(10);
            p.close();
            afterFirst = captured.toString(StandardCharsets.UTF_8);
            p.close();
            afterSecond = captured.toString(StandardCharsets.UTF_8);
        } finally {
            System.setErr(saved);
        }
        assertTrue(afterFirst.lines().anyMatch(l -> l.contains("load frames") && l.contains("10/10")), afterFirst);
        assertEquals(afterFirst, afterSecond);
    }
}
