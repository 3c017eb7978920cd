package dev.worldlens.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gives one clear message naming what and where, a non-zero exit, and no stack trace. */
class BadInputTest {

    private static void assertFails(CliRun run, String... fragments) {
        assertEquals(2, run.exitCode(), "exit code; stderr: " + run.err());
        for (String f : fragments) {
            assertTrue(run.err().contains(f), "expected '" + f + "' in: " + run.err());
        }
        assertFalse(run.err().contains("\tat "), "no stack trace for bad input: " + run.err());
    }

    @Test
    void unknownScene(@TempDir Path dir) {
        assertFails(CliRun.of("sim", "generate", "--out", dir.resolve("x").toString(), "--scenes", "A,E"),
                "--scenes", "unknown scene 'E'", "A, B, C, D");
    }

    @Test
    void unknownSetting(@TempDir Path dir) {
        assertFails(CliRun.of("sim", "generate", "--out", dir.resolve("x").toString(), "--setting", "chaotic"),
                "--setting", "chaotic");
    }

    @Test
    void unknownTask(@TempDir Path dir) {
        assertFails(CliRun.of("sim", "render", "--task", "juggle", "--out", dir.resolve("x.gif").toString()),
                "--task", "unknown task 'juggle'", "open_drawer");
        assertFails(CliRun.of("sim", "render", "--task", "lift_block/purple", "--out",
                dir.resolve("x.gif").toString()), "unknown block 'purple'");
    }

    @Test
    void unwritableOutput(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        assertFails(CliRun.of("sim", "generate", "--out", file.toString(), "--episodes", "1"), file.toString(),
                "--out", "not a folder");
        assertFails(CliRun.of("sim", "generate", "--out", file.resolve("sub").toString(), "--episodes", "1"),
                "sub", "--out");
        assertFails(CliRun.of("sim", "render", "--task", "open_drawer", "--out", file.resolve("x.gif").toString()),
                "x.gif");
    }

    @Test
    void aFolderWithAnotherConfigIsNotReused(@TempDir Path dir) {
        Path out = dir.resolve("ds");
        assertEquals(0, CliRun.of("sim", "generate", "--out", out.toString(), "--episodes", "1", "--top-size", "16",
                "--gripper-size", "8", "--quiet").exitCode());
        assertFails(CliRun.of("sim", "generate", "--out", out.toString(), "--episodes", "2", "--top-size", "16",
                "--gripper-size", "8", "--quiet"), "config.yaml", "another config");
    }

    @Test
    void datasetWithoutInfoJson(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("meta"));
        assertFails(CliRun.of("data", "info", dir.toString()), "meta/info.json", "LeRobot");
    }

    @Test
    void datasetWithMalformedInfoJson(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("meta"));
        Files.writeString(dir.resolve("meta/info.json"), "{\"codebase_version\": \"v3.0\", \"fps\": \"fast\"");
        assertFails(CliRun.of("data", "info", dir.toString()), "meta/info.json");
        Files.writeString(dir.resolve("meta/info.json"), "{\"codebase_version\": \"v3.0\", \"fps\": \"fast\", "
                + "\"features\": {}}");
        assertFails(CliRun.of("data", "info", dir.toString()), "meta/info.json", "fps");
    }

    @Test
    void nonPositiveCounts(@TempDir Path dir) {
        assertFails(CliRun.of("sim", "generate", "--out", dir.resolve("x").toString(), "--episodes", "0"),
                "--episodes", "at least 1");
        assertFails(CliRun.of("sim", "generate", "--out", dir.resolve("x").toString(), "--episodes-per-file", "0"),
                "--episodes-per-file", "at least 1");
    }

    @Test
    void badLabellingOptionsNameTheirFlags(@TempDir Path dir) {
        String out = dir.resolve("x").toString();
        assertFails(CliRun.of("sim", "generate", "--out", out, "--action-repeat", "0"), "--action-repeat",
                "expected 1..8, got 0");
        assertFails(CliRun.of("sim", "generate", "--out", out, "--labels", "observed"), "--labels", "observed");
        assertFails(CliRun.of("sim", "generate", "--out", out, "--action-frame", "camera"), "--action-frame",
                "world or gripper");
        assertFails(CliRun.of("sim", "generate", "--out", out, "--expert-noise", "-1"), "--expert-noise", "0..1");
        assertFalse(Files.exists(dir.resolve("x")), "nothing is written for a bad option");
    }

    /** Libraries name config fields (probe, split.testTasks, family); each command maps them back to its flags. */
    @Test
    void libraryErrorsNameTheFlagTheUserTyped(@TempDir Path dir) {
        String[] probe = {"probe", "--features", dir.resolve("none").toString(), "--out", dir.resolve("p").toString()};
        assertFails(CliRun.of(concat(probe, "--probe", "lasso")), "field '--probe'", "lasso");
        assertFails(CliRun.of(concat(probe, "--pair", "sum")), "field '--pair'", "sum");
        assertFails(CliRun.of(concat(probe, "--split", "tasks")), "field '--split'", "tasks");
        assertFails(CliRun.of("pretrain", "--family", "dino", "--data", dir.toString(), "--out",
                dir.resolve("r").toString()), "field '--family'", "dino");
        assertFails(CliRun.of("sim", "render", "--task", "open_drawer", "--scene", "E", "--out",
                dir.resolve("x.gif").toString()), "field '--scene'", "unknown scene 'E'");
        assertFails(CliRun.of("study", "--preset", "huge", "--out", dir.resolve("s").toString()),
                "field '--preset'", "huge");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
