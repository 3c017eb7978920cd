package dev.worldlens.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.Episode;
import dev.worldlens.core.Json;
import dev.worldlens.data.DatasetSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.worldlens.data.lerobot.SyntheticEpisodes.assertSameEpisode;
import static dev.worldlens.data.lerobot.SyntheticEpisodes.episodes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeRobotRoundTripTest {

    @Test
    void writeThenReadRestoresEpisodesExactly(@TempDir Path root) {
        SyntheticEpisodes.writeDataset(root, 3);
        List<Episode> want = episodes(3);
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(root)) {
            assertEquals(3, reader.size());
            for (int i = 0; i < 3; i++) {
                assertSameEpisode(want.get(i), reader.episode(i));
            }
            assertEquals(List.of("push the red block left", "open the drawer"), reader.tasks());
        }
    }

    @Test
    void infoJsonDescribesTheDataset(@TempDir Path root) throws Exception {
        SyntheticEpisodes.writeDataset(root, 3);
        JsonNode info = Json.JSON.readTree(root.resolve("meta/info.json").toFile());
        assertEquals("v3.0", info.get("codebase_version").asText());
        assertEquals("worldlens-tabletop", info.get("robot_type").asText());
        assertEquals(3, info.get("total_episodes").asInt());
        assertEquals(5 + 12 + 7, info.get("total_frames").asInt());
        assertEquals(2, info.get("total_tasks").asInt());
        assertEquals(15, info.get("fps").asInt());
        assertEquals("0:3", info.at("/splits/train").asText());
        assertTrue(info.get("video_path").isNull());
        JsonNode f = info.get("features");
        assertEquals("[8,8,3]", f.at("/observation.images.top/shape").toString());
        assertEquals("[4,4,3]", f.at("/observation.images.gripper/shape").toString());
        assertEquals("[\"height\",\"width\",\"channels\"]", f.at("/observation.images.top/names").toString());
        assertEquals("image", f.at("/observation.images.top/dtype").asText());
        assertEquals("[4]", f.at("/action/shape").toString());
        assertEquals("[\"dx\",\"dy\",\"dyaw\",\"grip\"]", f.at("/action/names").toString());
        assertEquals("[3]", f.at("/observation.state/shape").toString());
        for (String meta : List.of("timestamp", "frame_index", "episode_index", "index", "task_index")) {
            assertEquals("[1]", f.get(meta).get("shape").toString(), meta);
            assertTrue(f.get(meta).get("fps") == null, "LeRobot records no per-feature fps: " + meta);
        }
        JsonNode stats = Json.JSON.readTree(root.resolve("meta/stats.json").toFile());
        assertEquals(24, stats.at("/action/count/0").asInt());
        assertEquals(3, stats.at("/observation.images.top/mean").size());
        double red = stats.at("/observation.images.top/mean/0/0/0").asDouble();
        assertTrue(red > 0.3 && red < 0.7, "random pixels average near 0.5, got " + red);
        assertEquals(23, stats.at("/index/max/0").asInt());
        JsonNode wl = Json.JSON.readTree(root.resolve("meta/worldlens.json").toFile());
        assertEquals("[0,1]", wl.at("/action_groups/translation").toString());
        assertEquals("synthetic test episodes", wl.get("generator").asText());
    }

    @Test
    void dataParquetIsPlainLeRobotForDuckDb(@TempDir Path root) throws Exception {
        SyntheticEpisodes.writeDataset(root, 2);
        Path data = root.resolve("data/chunk-000/file-000.parquet");
        Path eps = root.resolve("meta/episodes/chunk-000/file-000.parquet");
        try (Connection c = LeRobotDatasetWriter.connect(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT \"observation.images.top\".bytes, \"observation.images.top\".path, "
                    + "action, timestamp, task_index, \"index\" FROM read_parquet('" + data + "') "
                    + "WHERE episode_index = 1 AND frame_index = 7");
            assertTrue(rs.next());
            byte[] png = rs.getBytes(1);
            assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
            assertEquals(null, rs.getString(2));
            assertEquals(4, ((Object[]) rs.getArray(3).getArray()).length);
            assertEquals(7f / 15, rs.getFloat(4), 1e-6);
            assertEquals(1, rs.getLong(5)); // frame 7 of episode 1 is in its second window
            assertEquals(5 + 7, rs.getLong(6));
            rs = s.executeQuery("SELECT episode_index, tasks, length, dataset_from_index, dataset_to_index, "
                    + "\"data/file_index\", \"stats/action/count\", \"worldlens/scene_id\" FROM read_parquet('" + eps
                    + "') ORDER BY episode_index");
            assertTrue(rs.next());
            assertTrue(rs.next());
            assertEquals(List.of("push the red block left", "open the drawer"),
                    Arrays.asList((Object[]) rs.getArray(2).getArray()));
            assertEquals(12, rs.getLong(3));
            assertEquals(5, rs.getLong(4));
            assertEquals(17, rs.getLong(5));
            assertEquals("B", rs.getString(8));
            rs = s.executeQuery("SELECT task_index, task FROM read_parquet('" + root.resolve("meta/tasks.parquet")
                    + "') ORDER BY task_index");
            assertTrue(rs.next());
            assertEquals("push the red block left", rs.getString(2));
        }
    }

    @Test
    void resumedWriterGivesTheSameDatasetAsOneWriter(@TempDir Path dir) throws Exception {
        Path once = dir.resolve("once");
        SyntheticEpisodes.writeDataset(once, 4);

        Path resumed = dir.resolve("resumed");
        List<Episode> eps = episodes(4);
        LeRobotDatasetWriter first = SyntheticEpisodes.writer(resumed).build();
        assertEquals(0, first.completedFiles());
        first.writeFile(0, eps.subList(0, 2));
        LeRobotDatasetWriter second = SyntheticEpisodes.writer(resumed).build();
        assertEquals(1, second.completedFiles());
        assertEquals(2, second.nextEpisodeIndex());
        second.writeFile(1, eps.subList(2, 4));
        second.finish();

        for (String meta : List.of("meta/info.json", "meta/stats.json", "meta/worldlens.json")) {
            assertEquals(Json.JSON.readTree(once.resolve(meta).toFile()),
                    Json.JSON.readTree(resumed.resolve(meta).toFile()), meta);
        }
        try (LeRobotDatasetReader a = LeRobotDatasetReader.open(once);
             LeRobotDatasetReader b = LeRobotDatasetReader.open(resumed)) {
            assertEquals(a.tasks(), b.tasks());
            assertEquals(4, b.size());
            for (int i = 0; i < 4; i++) {
                assertSameEpisode(a.episode(i), b.episode(i));
                assertSameEpisode(eps.get(i), b.episode(i));
            }
        }
    }

    @Test
    void completedFilesIgnoresLeftoverTemporaryAndUnfinishedFiles(@TempDir Path root) throws Exception {
        LeRobotDatasetWriter w = SyntheticEpisodes.writer(root).build();
        w.writeFile(0, episodes(2));
        // a run killed while writing file 1: its temporary files, and a data file without episodes metadata
        Files.writeString(root.resolve("data/chunk-000/file-001.parquet.tmp"), "half a parquet");
        Files.writeString(root.resolve("meta/episodes/chunk-000/file-001.parquet.tmp"), "half a parquet");
        LeRobotDatasetWriter again = SyntheticEpisodes.writer(root).build();
        assertEquals(1, again.completedFiles());
        Files.copy(root.resolve("data/chunk-000/file-000.parquet"), root.resolve("data/chunk-000/file-001.parquet"));
        assertEquals(1, SyntheticEpisodes.writer(root).build().completedFiles());

        again.writeFile(1, episodes(3).subList(2, 3));
        again.finish();
        assertFalse(Files.exists(root.resolve("data/chunk-000/file-001.parquet.tmp")));
        try (LeRobotDatasetReader r = LeRobotDatasetReader.open(root)) {
            assertEquals(3, r.size());
            assertSameEpisode(episodes(3).get(2), r.episode(2));
        }
    }

    @Test
    void fixedTaskVocabularySetsTaskIndices(@TempDir Path root) {
        LeRobotDatasetWriter w = SyntheticEpisodes.writer(root)
                .optTaskVocabulary(List.of("open the drawer", "stack blocks", "push the red block left")).build();
        w.writeFile(0, episodes(2));
        w.finish();
        try (LeRobotDatasetReader r = LeRobotDatasetReader.open(root)) {
            assertEquals(List.of("open the drawer", "stack blocks", "push the red block left"), r.tasks());
            assertEquals(3, r.info().totalTasks());
            assertSameEpisode(episodes(2).get(1), r.episode(1));
        }
    }

    @Test
    void summaryNamesCountsCamerasAndTasks(@TempDir Path root) {
        SyntheticEpisodes.writeDataset(root, 3);
        try (LeRobotDatasetReader r = LeRobotDatasetReader.open(root)) {
            String text = DatasetSummary.describe(r);
            for (String part : List.of("LeRobot v3.0", "episodes:     3", "frames:       24", "top 8x8",
                    "gripper 4x4", "fps:          15", "translation=[0, 1]", "state:        3",
                    "2 distinct instructions", "push the red block left", "A (2), B (1)")) {
                assertTrue(text.contains(part), "missing '" + part + "' in:\n" + text);
            }
        }
    }

    @Test
    void fullSizeFramesRoundTripThroughTheProjectsPngEncoder(@TempDir Path root) {
        // 64x64 and 32x32 frames, as the simulator writes them: the PNG encoder must be lossless at real sizes
        List<Episode> eps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            eps.add(LargeFrames.episode(i, 20));
        }
        LeRobotDatasetWriter w = LeRobotDatasetWriter.builder(root).setFps(15)
                .setActionSchema(SyntheticEpisodes.SCHEMA).setStateNames(SyntheticEpisodes.STATE_NAMES)
                .addCamera("top", 64, 64).addCamera("gripper", 32, 32).build();
        w.writeFile(0, eps);
        w.finish();
        try (LeRobotDatasetReader r = LeRobotDatasetReader.open(root)) {
            for (int e = 0; e < eps.size(); e++) {
                Episode back = r.episode(e);
                for (int t = 0; t < back.length(); t++) {
                    for (String cam : List.of("top", "gripper")) {
                        assertEquals(eps.get(e).frames().frame(cam, t), back.frames().frame(cam, t),
                                "episode " + e + " " + cam + " frame " + t);
                    }
                }
            }
        }
    }
}
