package dev.worldlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** encode and probe from the command line on a small Tabletop dataset. */
class EncodeProbeCommandTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void generate() {
        data = dir.resolve("data");
        CliRun run = CliRun.of("sim", "generate", "--out", data.toString(), "--episodes", "24", "--setting",
                "randomised", "--top-size", "32", "--gripper-size", "16", "--seed", "2", "--quiet");
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void encodeThenProbeWritesResultsWithEveryProbeAndGroup() throws Exception {
        Path feats = dir.resolve("state-feats");
        CliRun enc = CliRun.of("encode", "--encoder", "state", "--data", data.toString(), "--out", feats.toString());
        assertEquals(0, enc.exitCode(), enc.err());
        assertTrue(Files.exists(feats.resolve("store.json")));
        assertTrue(Files.exists(feats.resolve("provenance.json")));
        Path run = dir.resolve("probe-run");
        CliRun probe = CliRun.of("probe", "--features", feats.toString(), "--probe", "ridge,mlp", "--steps", "300",
                "--seeds", "0,1", "--split", "episode", "--out", run.toString());
        assertEquals(0, probe.exitCode(), probe.err());
        JsonNode results = Json.JSON.readTree(run.resolve("results.json").toFile()).get("results");
        assertEquals(2, results.size());
        for (JsonNode r : results) {
            assertEquals(2, r.get("perSeed").size());
            assertTrue(r.get("r2PerGroup").has("translation") && r.get("r2PerGroup").has("rotation")
                    && r.get("r2PerGroup").has("gripper"));
            assertTrue(r.get("r2").get("mean").asDouble() > 0.8, r.toString());
        }
        String md = Files.readString(run.resolve("summary.md"));
        assertTrue(md.contains("| state-oracle-38 | 0 | ridge |"), md);
        assertTrue(Files.readString(run.resolve("summary.html")).contains("<table>"));

        // run again: every (encoder, probe) result is reused, and the results are the same
        Path kept = run.resolve("probes/state-oracle-38-L0-mlp.json");
        long before = Files.getLastModifiedTime(kept).toMillis();
        Thread.sleep(20);
        CliRun again = CliRun.of("probe", "--features", feats.toString(), "--probe", "ridge,mlp", "--steps", "300",
                "--seeds", "0,1", "--split", "episode", "--out", run.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(before, Files.getLastModifiedTime(kept).toMillis(), "a finished probe was fitted again");
        assertEquals(md, Files.readString(run.resolve("summary.md")));
    }

    @Test
    void probeCanEncodeWithBuiltinEncodersInOneCommand() throws Exception {
        Path run = dir.resolve("one-command");
        CliRun probe = CliRun.of("probe", "--data", data.toString(), "--encoders", "state,raw:8", "--probe", "ridge",
                "--split", "task", "--seeds", "0", "--out", run.toString());
        assertEquals(0, probe.exitCode(), probe.err());
        String md = Files.readString(run.resolve("summary.md"));
        assertTrue(md.contains("state-oracle-38") && md.contains("raw-pixels-8"), md);
        assertTrue(md.contains("held-out tasks"), md);
        assertTrue(Files.exists(run.resolve("features/raw-8/store.json")));
    }

    @Test
    void badProbeInputIsNamed() throws Exception {
        Path feats = dir.resolve("raw-feats");
        assertEquals(0, CliRun.of("encode", "--encoder", "raw:4", "--data", data.toString(), "--out",
                feats.toString()).exitCode());
        assertBad(CliRun.of("probe", "--features", feats.toString(), "--k", "10000", "--probe", "ridge", "--out",
                dir.resolve("r1").toString()), "k = 10000");
        assertBad(CliRun.of("probe", "--features", feats.toString(), "--probe", "lasso", "--out",
                dir.resolve("r2").toString()), "unknown probe 'lasso'");
        assertBad(CliRun.of("probe", "--features", feats.toString(), "--split", "episode", "--budget", "1",
                "--probe", "ridge", "--out", dir.resolve("r3").toString()), "at least 2");
        assertBad(CliRun.of("probe", "--features", dir.resolve("nowhere").toString(), "--out",
                dir.resolve("r4").toString()), "store.json");
        assertBad(CliRun.of("encode", "--encoder", "dinov9", "--data", data.toString(), "--out",
                dir.resolve("r5").toString()), "unknown encoder 'dinov9'");
        assertBad(CliRun.of("encode", "--encoder", "raw", "--camera", "wrist", "--data", data.toString(), "--out",
                dir.resolve("r6").toString()), "no camera 'wrist'");
    }

    private static void assertBad(CliRun run, String fragment) {
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains(fragment), "expected '" + fragment + "' in " + run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }
}
