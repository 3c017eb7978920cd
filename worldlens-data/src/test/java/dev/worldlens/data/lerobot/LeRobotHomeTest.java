package dev.worldlens.data.lerobot;

import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.data.DatasetFormats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** lerobot:org/name found where LeRobot keeps its datasets, offline. */
class LeRobotHomeTest {
    private static void dataset(Path folder) throws Exception {
        Files.createDirectories(folder.resolve("meta"));
        Files.writeString(folder.resolve("meta/info.json"), "{}");
    }

    @Test
    void theCacheRootFollowsLeRobotsEnvironment(@TempDir Path dir) {
        assertEquals(dir.resolve("lr"), LeRobotHome.home(Map.of("HF_LEROBOT_HOME", dir.resolve("lr").toString(),
                "HF_HOME", "/elsewhere")));
        assertEquals(dir.resolve("hf/lerobot"), LeRobotHome.home(Map.of("HF_HOME", dir.resolve("hf").toString())));
        assertEquals(dir.resolve("xdg/huggingface/lerobot"), LeRobotHome.home(Map.of("XDG_CACHE_HOME",
                dir.resolve("xdg").toString())));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache/huggingface/lerobot"),
                LeRobotHome.home(Map.of()));
        assertTrue(assertThrows(InvalidInputException.class, () -> LeRobotHome.home(Map.of("LEROBOT_HOME", "/x")))
                .getMessage().contains("HF_LEROBOT_HOME"));
    }

    @Test
    void aRepoIdIsFoundAsALocalFolderOrAHubSnapshot(@TempDir Path home) throws Exception {
        Map<String, String> env = Map.of("HF_LEROBOT_HOME", home.toString());
        dataset(home.resolve("lerobot/pusht"));
        assertEquals(home.resolve("lerobot/pusht"), LeRobotHome.resolve("lerobot:lerobot/pusht", env));

        Path repo = home.resolve("hub/datasets--someone--so101_pick");
        dataset(repo.resolve("snapshots/aaa111"));
        dataset(repo.resolve("snapshots/bbb222"));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/v3.0"), "aaa111");
        assertEquals(repo.resolve("snapshots/aaa111"), LeRobotHome.resolve("lerobot:someone/so101_pick", env),
                "the snapshot of the revision LeRobot reads, v3.0");
    }

    @Test
    void aMissingOrMalformedRepoIdNamesWhereItLooked(@TempDir Path home) {
        Map<String, String> env = Map.of("HF_LEROBOT_HOME", home.toString());
        String message = assertThrows(InvalidInputException.class,
                () -> LeRobotHome.resolve("lerobot:nobody/nothing", env)).getMessage();
        assertTrue(message.contains(home.resolve("nobody/nothing").toString()) && message.contains("never downloads"),
                message);
        for (String bad : new String[]{"lerobot:pusht", "lerobot:../etc/passwd", "lerobot:a/b/c", "lerobot:"}) {
            assertTrue(assertThrows(InvalidInputException.class, () -> LeRobotHome.resolve(bad, env)).getMessage()
                    .contains("repo id"), bad);
        }
    }

    @Test
    void datasetFormatsOpensACachedRepoId(@TempDir Path dir) throws Exception {
        // the process environment cannot be changed here, so place the dataset where it points
        Path home = LeRobotHome.home(System.getenv());
        Path folder = home.resolve("worldlens-test/cached-" + ProcessHandle.current().pid());
        try {
            SyntheticEpisodes.writeDataset(folder, 2);
            String id = "lerobot:worldlens-test/" + folder.getFileName();
            assertEquals(folder, DatasetFormats.resolve(Path.of(id)));
            try (EpisodeSource source = DatasetFormats.open(Path.of(id))) {
                assertEquals(2, source.size());
            }
        } finally {
            if (Files.exists(folder)) {
                try (var walk = Files.walk(folder)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            // removed only when no other run's folder is left in it
            home.resolve("worldlens-test").toFile().delete();
        }
    }
}
