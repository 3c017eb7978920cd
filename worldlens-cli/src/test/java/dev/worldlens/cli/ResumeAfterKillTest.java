package dev.worldlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generation killed with SIGKILL part-way leaves only whole files (or .tmp files), and the same command run again
 * finishes the job with exactly the dataset of an uninterrupted run.
 */
class ResumeAfterKillTest {

    @Test
    void killedGenerationResumesToTheSameDataset(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        Path killed = dir.resolve("killed");
        String[] extra = {"--episodes", "30", "--episodes-per-file", "2"};
        CliRun first = CliRun.of(args(whole, extra));
        assertEquals(0, first.exitCode(), first.err());

        Process p = new ProcessBuilder(javaCommand(args(killed, extra))).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        Path firstMeta = killed.resolve("meta/episodes/chunk-000/file-000.parquet");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(firstMeta) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertFalse(Files.exists(killed.resolve("meta/info.json")), "killed too late to test anything; see "
                + Files.readString(dir.resolve("child.log")));
        for (Path f : files(killed)) {
            String name = f.getFileName().toString();
            assertTrue(name.endsWith(".parquet") || name.endsWith(".tmp") || name.endsWith(".json")
                    || name.endsWith(".yaml"), "unexpected file " + f);
        }

        CliRun resumed = CliRun.of(args(killed, extra));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(files(killed).stream().noneMatch(f -> f.toString().endsWith(".tmp")), "a .tmp file is left");
        assertEquals(fingerprint(whole), fingerprint(killed));
    }

    private static String[] args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of(SimGenerateCommandTest.generateArgs(out)));
        for (int i = 0; i < extra.length; i += 2) {
            int at = a.indexOf(extra[i]);
            a.set(at + 1, extra[i + 1]);
        }
        return a.toArray(new String[0]);
    }

    private static List<String> javaCommand(String[] args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", cp, WorldLens.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static String fingerprint(Path run) throws Exception {
        JsonNode p = Json.JSON.readTree(run.resolve("provenance.json").toFile());
        return p.get("dataFingerprints").get("dataset").asText();
    }
}
