package dev.worldlens.data.lerobot;

import dev.worldlens.core.Episode;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;
import dev.worldlens.data.video.VideoWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.worldlens.data.lerobot.VideoDatasets.FRONT;
import static dev.worldlens.data.lerobot.VideoDatasets.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeRobotVideoReadTest {
    /** Mean |error| per channel (0..255) allowed after the lossy H.264 yuv420p round trip. */
    static final double MAX_MEAN_ABS_ERROR = 6.0;

    static double meanAbsError(RgbImage a, RgbImage b) {
        long sum = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            sum += Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
        }
        return (double) sum / a.rgb().length;
    }

    private static void assertFramesMatch(Episode ep, String camera) {
        for (int t = 0; t < ep.length(); t++) {
            double err = meanAbsError(source(ep.index(), t), ep.frames().frame(camera, t));
            assertTrue(err < MAX_MEAN_ABS_ERROR, "episode " + ep.index() + " frame " + t + ": " + err);
        }
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void readsV30VideoFeaturesAtFromTimestampPlusTimestamp(@TempDir Path root) throws Exception {
        VideoDatasets.writeV30(root);
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(root)) {
            assertEquals(2, reader.size());
            for (int e = 0; e < 2; e++) {
                Episode ep = reader.episode(e);
                assertEquals(8, ep.length());
                assertEquals(List.of("front"), ep.frames().cameras());
                assertArrayEquals(new float[]{0.3f, e}, ep.actions()[3]);
                assertFramesMatch(ep, "front");
            }
        }
    }

    @Test
    void readsV21VideoAndImagesStoredByPath(@TempDir Path root) throws Exception {
        VideoDatasets.writeV21(root);
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(root)) {
            assertEquals(List.of("stack the cubes"), reader.tasks());
            assertEquals(2, reader.size());
            for (int e = 0; e < 2; e++) {
                Episode ep = reader.episode(e);
                assertEquals(List.of("front", "wrist"), ep.frames().cameras());
                assertFramesMatch(ep, "front");
                for (int t = 0; t < ep.length(); t++) {
                    assertEquals(source(e, t), ep.frames().frame("wrist", t), "PNG is lossless");
                }
                assertEquals("stack the cubes", ep.instructionAt(0));
            }
        }
    }

    @Test
    void frameCountDisagreeingWithRowsNamesFileAndField(@TempDir Path root) throws Exception {
        VideoDatasets.writeV21(root);
        Path video = root.resolve("videos/chunk-000/" + FRONT + "/episode_000001.mp4");
        List<RgbImage> frames = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            frames.add(source(1, t));
        }
        Files.delete(video);
        VideoDatasets.writeVideo(video, frames);
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(root)) {
            Episode ep = reader.episode(1);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ep.frames().frame("front", 0));
            assertMentions(e, "episode_000001.mp4", FRONT, "6 frames", "8 rows");
        }
        // a video longer than its rows reads, as in LeRobot, which only looks for a frame at each row's timestamp
        for (int t = 6; t < 10; t++) {
            frames.add(source(1, t));
        }
        Files.delete(video);
        VideoDatasets.writeVideo(video, frames);
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(root)) {
            assertFramesMatch(reader.episode(1), "front");
        }
    }

    @Test
    void missingVideoNamesFileAndField(@TempDir Path root) throws Exception {
        VideoDatasets.writeV30(root);
        Path video = root.resolve("videos/" + FRONT + "/chunk-000/file-000.mp4");
        Files.delete(video);
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(root)) {
            Episode ep = reader.episode(0);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ep.frames().frame("front", 0));
            assertMentions(e, video.toString(), FRONT, "not found");
        }
    }

    @Test
    void truncatedVideoNamesFileAndField(@TempDir Path root) throws Exception {
        VideoDatasets.writeV30(root);
        Path video = root.resolve("videos/" + FRONT + "/chunk-000/file-000.mp4");
        byte[] bytes = Files.readAllBytes(video);
        Files.write(video, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(root)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> reader.episode(1).frames().frame("front", 0));
            assertMentions(e, video.toString(), FRONT);
        }
    }

    @Test
    void timestampBeyondToleranceIsAnError(@TempDir Path root) throws Exception {
        VideoDatasets.writeV30(root);
        // shift episode 1's span 5 ms earlier: every row now lies 5 ms from the nearest frame (tolerance 0.1 ms)
        Path meta = root.resolve("meta/episodes/chunk-000/file-000.parquet");
        String v = "\"videos/" + FRONT + "/";
        try (var c = LeRobotDatasetWriter.connect(); var s = c.createStatement()) {
            s.execute("CREATE TABLE m AS SELECT * FROM read_parquet(" + LeRobotLayout.sqlPath(meta) + ")");
            s.execute("UPDATE m SET " + v + "from_timestamp\" = " + v + "from_timestamp\" - 0.005, " + v
                    + "to_timestamp\" = " + v + "to_timestamp\" - 0.005 WHERE episode_index = 1");
            s.execute("COPY m TO " + LeRobotLayout.sqlPath(meta) + " (FORMAT PARQUET)");
        }
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(root)) {
            assertFramesMatch(reader.episode(0), "front");
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> reader.episode(1).frames().frame("front", 0));
            assertMentions(e, "file-000.mp4", "timestamp", "tolerance", "episode 1");
            assertEquals("timestamp", e.field());
        }
        try (LeRobotDatasetReader loose = LeRobotDatasetReader.open(root, 0.01)) {
            assertFramesMatch(loose.episode(1), "front");
        }
    }

    @Test
    void fixturesUseARealH264Encoder() {
        assertTrue(VideoWriter.availableEncoders().contains(VideoWriter.pick(VideoWriter.Codec.H264)));
    }
}
