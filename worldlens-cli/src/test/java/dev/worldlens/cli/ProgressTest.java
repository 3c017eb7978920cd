package dev.worldlens.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressTest {
    @Test
    void aBarClosedTwicePrintsItsFinalLineOnce() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String log;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Progress p = Progress.start("load frames", 10, 0);
            p.step(10);
            p.close();
            p.close();
        } finally {
            System.setErr(saved);
        }
        log = captured.toString(StandardCharsets.UTF_8);
        long finals = log.lines().filter(l -> l.contains("load frames") && l.contains("10/10")).count();
        assertEquals(1, finals, log);
    }
}
