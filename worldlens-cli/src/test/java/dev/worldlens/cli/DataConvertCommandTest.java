package dev.worldlens.cli;

import dev.worldlens.core.Episode;
import dev.worldlens.data.lerobot.LeRobotDatasetReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataConvertCommandTest {
    @Test
    void convertWritesTheSameEpisodesAsLeRobotV3(@TempDir Path dir) {
        Path in = dir.resolve("in");
        Path out = dir.resolve("out");
        assertEquals(0, CliRun.of("sim", "generate", "--out", in.toString(), "--episodes", "5", "--top-size", "16",
                "--gripper-size", "8", "--play-tasks", "2", "--max-steps", "300", "--quiet").exitCode());
        CliRun run = CliRun.of("data", "convert", in.toString(), out.toString(), "--episodes-per-file", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("episodes:     5"), run.out());
        assertTrue(Files.exists(out.resolve("provenance.json")));
        try (LeRobotDatasetReader a = LeRobotDatasetReader.open(in); LeRobotDatasetReader b = LeRobotDatasetReader.open(out)) {
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                Episode x = a.episode(i);
                Episode y = b.episode(i);
                assertEquals(x.windows(), y.windows());
                assertEquals(x.actionSchema(), y.actionSchema());
                for (int t = 0; t < x.length(); t++) {
                    assertArrayEquals(x.actions()[t], y.actions()[t]);
                    assertArrayEquals(x.states()[t], y.states()[t]);
                    for (String cam : List.of("top", "gripper")) {
                        assertEquals(x.frames().frame(cam, t), y.frames().frame(cam, t));
                    }
                }
            }
        }
    }

    @Test
    void anUnknownDatasetIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        CliRun run = CliRun.of("data", "info", dir.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("not a recognised dataset"), run.err());
        CliRun missing = CliRun.of("data", "convert", dir.resolve("nowhere").toString(), dir.resolve("o").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }
}
