package dev.worldlens.cli;
import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.Episode;
import dev.worldlens.core.Json;
import dev.worldlens.data.lerobot.LeRobotDatasetReader;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.dataset.SimGenerateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sim generate, then the LeRobot reader, restores exactly what the simulator produced. */
class SimGenerateCommandTest {

    static String[] generateArgs(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("sim", "generate", "--out", out.toString(),
                "--scenes", "A,B", "--setting", "randomised", "--episodes", "5", "--episodes-per-file", "2",
                "--seed", "7", "--top-size", "32", "--gripper-size", "16", "--quiet"));
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }

    @Test
    void generateThenReadRestoresActionsStatesLanguageAndFramesExactly(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ds");
        CliRun run = CliRun.of(generateArgs(out));
        assertEquals(0, run.exitCode(), run.err());
        SimGenerateConfig config = SimGenerateConfig.builder().optScenes("A,B").optSetting("randomised").optEpisodes(5)
                .optSeed(7).optTopSize(32).optGripperSize(16).optPlayTasks(0)
                .optMaxSteps(SimGenerateConfig.DEFAULT_MAX_STEPS).optEpisodesPerFile(2).build();
        assertRestores(out, config);
        JsonNode provenance = Json.JSON.readTree(out.resolve("provenance.json").toFile());
        assertEquals(7, provenance.get("seed").asInt());
        assertEquals(64, provenance.get("dataFingerprints").get("dataset").asText().length());
        assertTrue(provenance.get("versions").has("dyn4j"));
        assertTrue(Files.readString(out.resolve("config.yaml")).contains("setting: randomised"));
    }

    @Test
    void playEpisodesKeepTheirLanguageWindows(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("play");
        CliRun run = CliRun.of(generateArgs(out, "--play-tasks", "3", "--max-steps", "400"));
        assertEquals(0, run.exitCode(), run.err());
        SimGenerateConfig config = SimGenerateConfig.builder().optScenes("A,B").optSetting("randomised").optEpisodes(5)
                .optSeed(7).optTopSize(32).optGripperSize(16).optPlayTasks(3).optMaxSteps(400).optEpisodesPerFile(2)
                .build();
        assertRestores(out, config);
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(out)) {
            assertTrue(reader.episode(0).windows().size() >= 2, "play episode windows: " + reader.episode(0).windows());
        }
    }

    @Test
    void labellingOptionsReachTheDatasetAndItsEpisodes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("labels");
        CliRun run = CliRun.of(generateArgs(out, "--labels", "commanded", "--action-frame", "gripper",
                "--expert-noise", "0", "--action-repeat", "2"));
        assertEquals(0, run.exitCode(), run.err());
        SimGenerateConfig config = SimGenerateConfig.builder().optScenes("A,B").optSetting("randomised").optEpisodes(5)
                .optSeed(7).optTopSize(32).optGripperSize(16).optEpisodesPerFile(2).optLabels("commanded")
                .optActionFrame("gripper").optExpertNoise(0).optActionRepeat(2).build();
        assertRestores(out, config);
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(out)) {
            assertEquals("commanded", reader.episode(0).extras().get("action_labels"));
            assertEquals("gripper", reader.episode(0).extras().get("action_frame"));
            assertEquals("2", reader.episode(0).extras().get("action_repeat"));
        }
        String yaml = Files.readString(out.resolve("config.yaml"));
        assertTrue(yaml.contains("actionRepeat: 2") && yaml.contains("actionFrame: gripper"), yaml);
    }

    static void assertRestores(Path out, SimGenerateConfig config) {
        EpisodeGenerator generator = new EpisodeGenerator(config.generatorConfig(), config.seed());
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(out)) {
            assertEquals(config.episodes(), reader.size());
            for (int i = 0; i < reader.size(); i++) {
                Episode expected = generator.generate(i);
                Episode actual = reader.episode(i);
                assertEquals(expected.length(), actual.length());
                assertEquals(expected.sceneId(), actual.sceneId());
                assertEquals(expected.windows(), actual.windows());
                assertEquals(expected.actionSchema(), actual.actionSchema());
                assertEquals(expected.stateNames(), actual.stateNames());
                for (int t = 0; t < expected.length(); t++) {
                    assertArrayEquals(expected.actions()[t], actual.actions()[t], "episode " + i + " action " + t);
                    assertArrayEquals(expected.states()[t], actual.states()[t], "episode " + i + " state " + t);
                    for (String cam : List.of("top", "gripper")) {
                        assertEquals(expected.frames().frame(cam, t), actual.frames().frame(cam, t),
                                "episode " + i + " " + cam + " frame " + t);
                    }
                }
            }
        }
    }
}
