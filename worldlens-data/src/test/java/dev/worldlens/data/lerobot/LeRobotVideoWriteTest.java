package dev.worldlens.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.FrameSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.RgbImage;
import dev.worldlens.data.video.VideoWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Datasets the writer makes, read back the way LeRobot reads them ({@link LeRobotWay}), with the cameras as videos
 * (several episodes per mp4) and as PNG in the parquet; and tasks.parquet in the shapes LeRobot writes it.
 */
class LeRobotVideoWriteTest {
    private static final int FPS = 15;
    private static final int SIZE = 64;
    private static final int[] LENGTHS = {6, 9, 5};
    /** The pandas metadata pyarrow writes for a DataFrame of task_index indexed by an unnamed index of text. */
    private static final String UNNAMED_INDEX = "{\"index_columns\": [\"__index_level_0__\"], \"column_indexes\": "
            + "[{\"name\": null, \"field_name\": null, \"pandas_type\": \"unicode\", \"numpy_type\": \"object\", "
            + "\"metadata\": {\"encoding\": \"UTF-8\"}}], \"columns\": [{\"name\": \"task_index\", \"field_name\": "
            + "\"task_index\", \"pandas_type\": \"int64\", \"numpy_type\": \"int64\", \"metadata\": null}, "
            + "{\"name\": null, \"field_name\": \"__index_level_0__\", \"pandas_type\": \"unicode\", "
            + "\"numpy_type\": \"object\", \"metadata\": null}], \"creator\": {\"library\": \"pyarrow\", "
            + "\"version\": \"22.0.0\"}, \"pandas_version\": \"2.3.3\"}";
    private static final ActionSchema SCHEMA = ActionSchema.fromLabels(List.of("dx", "dy", "grip"),
            List.of("translation", "translation", "gripper"));

    /** Smooth frames that differ from frame to frame, so a lossy codec keeps each one nearest to its source. */
    private static RgbImage frame(int episode, int t, int camera) {
        byte[] rgb = new byte[SIZE * SIZE * 3];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int p = (y * SIZE + x) * 3;
                rgb[p] = (byte) (20 + 12 * t + 40 * camera);
                rgb[p + 1] = (byte) (40 + 60 * episode + 2 * x);
                rgb[p + 2] = (byte) (200 - 2 * y);
            }
        }
        return new RgbImage(SIZE, SIZE, rgb);
    }

    private static Episode episode(int e) {
        int n = LENGTHS[e];
        Map<String, List<RgbImage>> frames = new LinkedHashMap<>();
        for (int cam = 0; cam < 2; cam++) {
            List<RgbImage> list = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                list.add(frame(e, t, cam));
            }
            frames.put(cam == 0 ? "top" : "wrist", list);
        }
        float[][] actions = new float[n][3];
        for (int t = 0; t < n; t++) {
            actions[t] = new float[]{e + t / 10f, -t, t % 2};
        }
        List<LanguageWindow> windows = e == 1
                ? List.of(new LanguageWindow(0, 4, "open", "open the drawer"), new LanguageWindow(4, n, "push",
                "push the block"))
                : List.of(new LanguageWindow(0, n, "push", "push the block"));
        return new Episode(e, "A", FrameSource.inMemory(frames), actions, new float[n][0], SCHEMA, List.of(),
                windows, FPS, Map.of());
    }

    private static List<Episode> write(Path root, VideoWriter.Codec video) {
        LeRobotDatasetWriter.Builder b = LeRobotDatasetWriter.builder(root).setFps(FPS).setActionSchema(SCHEMA)
                .setStateNames(List.of()).addCamera("top", SIZE, SIZE).addCamera("wrist", SIZE, SIZE)
                .optEpisodesPerFile(2);
        if (video != null) {
            b.optVideo(video);
        }
        LeRobotDatasetWriter w = b.build();
        List<Episode> eps = List.of(episode(0), episode(1), episode(2));
        w.writeFile(0, eps.subList(0, 2));
        w.writeFile(1, eps.subList(2, 3));
        w.finish();
        return eps;
    }

    private static double meanAbs(RgbImage a, RgbImage b) {
        long sum = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            sum += Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
        }
        return sum / (double) a.rgb().length;
    }

    /** Tasks, actions and frames of what LeRobot would read equal what was written (frames within maxError). */
    private static void assertReadsBack(List<Episode> written, List<LeRobotWay.Episode> read, double maxError) {
        assertEquals(written.size(), read.size());
        for (int e = 0; e < written.size(); e++) {
            Episode want = written.get(e);
            LeRobotWay.Episode got = read.get(e);
            assertEquals(want.index(), got.index());
            assertEquals(want.length(), got.length());
            assertEquals(want.length(), got.actions().size(), "rows [dataset_from_index, dataset_to_index)");
            for (int t = 0; t < want.length(); t++) {
                assertEquals(want.instructionAt(t), got.frameTasks().get(t), "task of episode " + e + " frame " + t);
                assertArrayEquals(want.actions()[t], got.actions().get(t));
                for (String cam : List.of("top", "wrist")) {
                    RgbImage image = got.frames().get(LeRobotLayout.IMAGE_PREFIX + cam).get(t);
                    double own = meanAbs(want.frames().frame(cam, t), image);
                    assertTrue(own <= maxError, "episode " + e + " " + cam + " frame " + t + ": error " + own);
                    for (int other = 0; other < want.length(); other++) {
                        if (other != t) {
                            assertTrue(own < meanAbs(want.frames().frame(cam, other), image), "episode " + e + " "
                                    + cam + " frame " + t + " is nearer frame " + other + " than its own");
                        }
                    }
                }
            }
        }
    }

    @Test
    void videosOfSeveralEpisodesPerFileReadTheLeRobotWay(@TempDir Path root) throws Exception {
        List<Episode> written = write(root, VideoWriter.Codec.H264);
        assertReadsBack(written, LeRobotWay.read(root), 6);
        assertTrue(Files.isRegularFile(root.resolve("videos/observation.images.top/chunk-000/file-001.mp4")));
        JsonNode info = Json.JSON.readTree(root.resolve("meta/info.json").toFile());
        JsonNode top = info.path("features").path("observation.images.top");
        assertEquals("video", top.path("dtype").asText());
        assertEquals("h264", top.path("info").path("video.codec").asText());
        assertEquals(List.of("height", "width", "channels"), Json.JSON.convertValue(top.path("names"), List.class));
        assertEquals(LeRobotLayout.VIDEO_PATH, info.path("video_path").asText());
        try (Connection c = LeRobotDatasetWriter.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"videos/observation.images.wrist/from_timestamp\", "
                     + "\"videos/observation.images.wrist/to_timestamp\", \"videos/observation.images.wrist/"
                     + "file_index\" FROM read_parquet('" + root + "/meta/episodes/*/*.parquet') ORDER BY "
                     + "episode_index")) {
            double[][] want = {{0, 6.0 / FPS, 0}, {6.0 / FPS, 15.0 / FPS, 0}, {0, 5.0 / FPS, 1}};
            for (double[] w : want) {
                assertTrue(rs.next());
                assertEquals(w[0], rs.getDouble(1), 1e-9);
                assertEquals(w[1], rs.getDouble(2), 1e-9);
                assertEquals((long) w[2], rs.getLong(3));
            }
            // a video feature is not in the data parquet at all
            try (ResultSet cols = s.executeQuery("SELECT name FROM parquet_schema('" + root
                    + "/data/chunk-000/file-000.parquet')")) {
                while (cols.next()) {
                    assertTrue(!cols.getString(1).startsWith(LeRobotLayout.IMAGE_PREFIX), cols.getString(1));
                }
            }
        }
        try (LeRobotDatasetReader ours = LeRobotDatasetReader.open(root)) {
            assertEquals(6.0, meanAbs(written.get(1).frames().frame("top", 7), ours.episode(1).frames()
                    .frame("top", 7)), 6.0, "our reader gives the same frames");
        }
    }

    @Test
    void aCopyWithoutItsVideosIsDescribedAndItsFramesNameTheMissingFile(@TempDir Path root) throws Exception {
        write(root, VideoWriter.Codec.H264);
        Path gone = root.resolve("videos/observation.images.wrist/chunk-000/file-001.mp4");
        Files.delete(gone);
        try (var walk = Files.walk(root.resolve("videos/observation.images.top"))) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(root)) {
            String summary = dev.worldlens.data.DatasetSummary.describe(reader);
            assertTrue(summary.contains("episodes:     3") && summary.contains("frames:       20")
                    && summary.contains("fps:          15") && summary.contains("top 64x64 video")
                    && summary.contains("observation.images.wrist video[64, 64, 3]")
                    && summary.contains("push the block") && summary.contains("3 video files")
                    && summary.contains(gone.toString()), summary);
            assertEquals(3, reader.missingVideos().size());
            Episode last = reader.episode(2);
            String message = assertThrows(InvalidInputException.class, () -> last.frames().frame("wrist", 0))
                    .getMessage();
            assertTrue(message.contains(gone.toString()), message);
        }
    }

    @Test
    void aDatasetWhoseTasksLostTheirIndexNameReads(@TempDir Path root) throws Exception {
        List<Episode> written = write(root, null);
        // as LeRobot wrote tasks.parquet until 2026-03 (PR #3077): the text in an unnamed index
        Path tasks = root.resolve(LeRobotLayout.TASKS);
        try (Connection c = LeRobotDatasetWriter.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT task_index, task AS __index_level_0__ FROM read_parquet('" + tasks
                    + "')");
            s.execute("COPY t TO '" + tasks + "' (FORMAT PARQUET, KV_METADATA {pandas: '" + UNNAMED_INDEX + "'})");
        }
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(root)) {
            assertEquals(List.of("push the block", "open the drawer"), reader.tasks());
            assertEquals(written.get(1).instructionAt(5), reader.episode(1).instructionAt(5));
        }
    }

    @Test
    void anEpisodeLongerThanADecodedBlockReadsInAnyOrder(@TempDir Path root) {
        int n = VideoCameraFrames.BLOCK * 2 + 12;
        Map<String, List<RgbImage>> frames = new LinkedHashMap<>();
        List<RgbImage> list = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            // 12 levels a frame wraps at 256: compare each frame with its neighbours only
            list.add(frame(0, t, 0));
        }
        frames.put("top", list);
        frames.put("wrist", list);
        float[][] actions = new float[n][3];
        LeRobotDatasetWriter w = LeRobotDatasetWriter.builder(root).setFps(FPS).setActionSchema(SCHEMA)
                .setStateNames(List.of()).addCamera("top", SIZE, SIZE).addCamera("wrist", SIZE, SIZE)
                .optVideo(VideoWriter.Codec.H264).build();
        w.writeFile(0, List.of(new Episode(0, "A", FrameSource.inMemory(frames), actions, new float[n][0], SCHEMA,
                List.of(), List.of(new LanguageWindow(0, n, "push", "push the block")), FPS, Map.of())));
        w.finish();
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(root)) {
            Episode ep = reader.episode(0);
            // in order, back across a block boundary (a clip reaching back), then jumping about
            int[] order = {0, 1, 63, 64, 60, 65, 130, 139, 5, 100, 128, 127, 70};
            for (int t : order) {
                RgbImage got = ep.frames().frame("top", t);
                double own = meanAbs(list.get(t), got);
                assertTrue(own <= 6, "frame " + t + ": error " + own);
                for (int other = Math.max(0, t - 3); other <= Math.min(n - 1, t + 3); other++) {
                    if (other != t) {
                        assertTrue(own < meanAbs(list.get(other), got), "frame " + t + " is nearer " + other);
                    }
                }
            }
        }
    }

    @Test
    void av1VideosReadTheLeRobotWay(@TempDir Path root) throws Exception {
        assumeTrue(VideoWriter.availableEncoders().stream().anyMatch(e -> e.contains("av1")),
                "no AV1 encoder in this FFmpeg build: " + VideoWriter.availableEncoders());
        List<Episode> written = write(root, VideoWriter.Codec.AV1);
        assertReadsBack(written, LeRobotWay.read(root), 6);
        assertEquals("av1", Json.JSON.readTree(root.resolve("meta/info.json").toFile()).path("features")
                .path("observation.images.top").path("info").path("video.codec").asText());
    }

    @Test
    void pngFramesInTheParquetReadTheLeRobotWayExactly(@TempDir Path root) throws Exception {
        assertReadsBack(write(root, null), LeRobotWay.read(root), 0);
    }

    @Test
    void tasksAreReadFromThePandasIndexWhateverItsName(@TempDir Path dir) throws Exception {
        try (Connection c = LeRobotDatasetWriter.connect(); Statement s = c.createStatement()) {
            // as pyarrow writes a DataFrame whose index lost its name: the text in __index_level_0__
            Path unnamed = dir.resolve("meta/tasks.parquet");
            Files.createDirectories(unnamed.getParent());
            String meta = UNNAMED_INDEX;
            s.execute("COPY (SELECT * FROM (VALUES (1::BIGINT, 'open the drawer'), (0::BIGINT, 'push the block')) "
                    + "t(task_index, __index_level_0__)) TO '" + unnamed + "' (FORMAT PARQUET, KV_METADATA "
                    + "{pandas: '" + meta + "'})");
            assertEquals(List.of("push the block", "open the drawer"), TaskTable.read(c, unnamed));
            assertEquals(List.of("push the block", "open the drawer"), LeRobotWay.tasksByIndex(c, dir));

            Path plain = dir.resolve("plain.parquet");
            s.execute("COPY (SELECT 0::BIGINT AS task_index, 'push the block' AS task) TO '" + plain
                    + "' (FORMAT PARQUET)");
            assertEquals(List.of("push the block"), TaskTable.read(c, plain), "no pandas metadata: a task column");

            Path neither = dir.resolve("neither.parquet");
            s.execute("COPY (SELECT 0::BIGINT AS task_index, 'push the block' AS text) TO '" + neither
                    + "' (FORMAT PARQUET)");
            String message = assertThrows(InvalidInputException.class, () -> TaskTable.read(c, neither))
                    .getMessage();
            assertTrue(message.contains("neither.parquet") && message.contains("task") && message.contains("text"),
                    message);
        }
    }
}
