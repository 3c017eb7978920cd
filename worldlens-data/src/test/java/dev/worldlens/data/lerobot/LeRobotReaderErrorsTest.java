package dev.worldlens.data.lerobot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeRobotReaderErrorsTest {

    private static InvalidInputException openFails(Path root) {
        return assertThrows(InvalidInputException.class, () -> LeRobotDatasetReader.open(root).close());
    }

    private static void assertMentions(InvalidInputException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    private static void editInfo(Path root, java.util.function.Consumer<ObjectNode> edit) throws Exception {
        Path file = root.resolve("meta/info.json");
        ObjectNode info = (ObjectNode) Json.JSON.readTree(file.toFile());
        edit.accept(info);
        Json.JSON.writeValue(file.toFile(), info);
    }

    @Test
    void missingInfoJsonAsksWhetherThisIsALeRobotDataset(@TempDir Path root) {
        InvalidInputException e = openFails(root);
        assertMentions(e, root.resolve("meta/info.json").toString(), "not found", "is " + root + " a LeRobot dataset?");
    }

    @Test
    void malformedJsonNamesTheFile(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("meta"));
        Files.writeString(root.resolve("meta/info.json"), "{\"codebase_version\": \"v3.0\", \"fps\": ");
        assertMentions(openFails(root), "meta/info.json", "not valid JSON");
    }

    @Test
    void nonNumericFpsNamesTheFieldAndValue(@TempDir Path root) throws Exception {
        SyntheticEpisodes.writeDataset(root, 1);
        editInfo(root, info -> info.put("fps", "abc"));
        InvalidInputException e = openFails(root);
        assertEquals(root.resolve("meta/info.json") + ": field 'fps': expected a positive integer, found \"abc\"",
                e.getMessage());
        assertEquals("fps", e.field());
    }

    @Test
    void unsupportedVersionListsTheSupportedOnes(@TempDir Path root) throws Exception {
        SyntheticEpisodes.writeDataset(root, 1);
        editInfo(root, info -> info.put("codebase_version", "v1.6"));
        assertMentions(openFails(root), "meta/info.json", "codebase_version", "v1.6",
                "supported versions: v2.0, v2.1, v3.0");
        editInfo(root, info -> info.remove("codebase_version"));
        assertMentions(openFails(root), "meta/info.json", "codebase_version", "missing");
    }

    @Test
    void videoFeatureWithoutItsEpisodeColumnsNamesTheColumn(@TempDir Path root) throws Exception {
        SyntheticEpisodes.writeDataset(root, 1);
        editInfo(root, info -> {
            ObjectNode video = ((ObjectNode) info.get("features")).putObject("observation.images.wrist");
            video.put("dtype", "video");
            video.putArray("shape").add(3).add(480).add(640);
            video.putArray("names").add("channel").add("height").add("width");
            video.putObject("video_info").put("video.codec", "av1");
        });
        assertMentions(openFails(root), "meta/episodes", "videos/observation.images.wrist/chunk_index", "missing");
    }

    @Test
    void imageAxesComeFromNamesNotPosition(@TempDir Path root) throws Exception {
        SyntheticEpisodes.writeDataset(root, 1);
        // channel-first, as in the rerun fixture: still 8x8 because names say which axis is which
        editInfo(root, info -> {
            ObjectNode top = (ObjectNode) info.at("/features/observation.images.top");
            top.putArray("shape").add(3).add(8).add(8);
            top.putArray("names").add("channels").add("height").add("width");
        });
        try (LeRobotDatasetReader r = LeRobotDatasetReader.open(root)) {
            assertEquals(SyntheticEpisodes.episode(0).frames().frame("top", 3), r.episode(0).frames().frame("top", 3));
        }
        editInfo(root, info -> ((ObjectNode) info.at("/features/observation.images.top")).putNull("names"));
        assertMentions(openFails(root), "features.observation.images.top.names", "height");
    }

    /** Replaces the first data file by the result of {@code query}, in which FILE stands for it. */
    private static Path rewriteData(Path root, String query) throws Exception {
        Path data = root.resolve("data/chunk-000/file-000.parquet");
        Path edited = root.resolve("edited.parquet");
        try (Connection c = LeRobotDatasetWriter.connect(); Statement s = c.createStatement()) {
            s.execute("COPY (" + query.replace("FILE", "read_parquet('" + data + "')") + ") TO '" + edited
                    + "' (FORMAT PARQUET)");
        }
        Files.move(edited, data, StandardCopyOption.REPLACE_EXISTING);
        return data;
    }

    @Test
    void aMissingColumnIsNamedNotReportedAsADatabaseError(@TempDir Path root) throws Exception {
        SyntheticEpisodes.writeDataset(root, 2);
        Path data = rewriteData(root, "SELECT * EXCLUDE (\"timestamp\") FROM FILE");
        try (LeRobotDatasetReader r = LeRobotDatasetReader.open(root)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> r.episode(0));
            assertMentions(e, data.toString(), "field 'timestamp'", "no such column");
            assertTrue(!e.getMessage().contains("Binder Error"), e.getMessage());
        }
    }

    @Test
    void pathTemplatesLeadingOutOfTheDatasetAreRefused(@TempDir Path root) throws Exception {
        SyntheticEpisodes.writeDataset(root, 1);
        editInfo(root, info -> info.put("data_path", "../../etc/file-{file_index:03d}.parquet"));
        assertMentions(openFails(root), "meta/info.json", "data_path", "leads out of the dataset folder");
        editInfo(root, info -> info.put("data_path", "data/chunk-{chunk_index:03d}/file-{file_index:03d}"
                + ".parquet").put("video_path", "/etc/{video_key}.mp4"));
        assertMentions(openFails(root), "meta/info.json", "video_path", "leads out of the dataset folder");
    }

    @Test
    void nanActionNamesFileFieldEpisodeAndFrame(@TempDir Path root) throws Exception {
        SyntheticEpisodes.writeDataset(root, 2);
        String replace = "SELECT * REPLACE (CASE WHEN episode_index = 1 AND frame_index = 4 THEN [0.5, 'VALUE'::FLOAT, "
                + "0, 1]::FLOAT[] ELSE action END AS action) FROM FILE";
        Path data = rewriteData(root, replace.replace("VALUE", "nan"));
        try (LeRobotDatasetReader r = LeRobotDatasetReader.open(root)) {
            r.episode(0);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> r.episode(1));
            assertMentions(e, data.toString(), "field 'action'", "episode 1", "frame 4", "NaN");
        }
        // +Inf passed `data info` unnoticed
        rewriteData(root, replace.replace("VALUE", "inf"));
        try (LeRobotDatasetReader r = LeRobotDatasetReader.open(root)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> r.episode(1));
            assertMentions(e, data.toString(), "field 'action'", "frame 4", "Infinity", "finite");
        }
    }

    @Test
    void rowCountDisagreeingWithLengthIsReported(@TempDir Path root) throws Exception {
        SyntheticEpisodes.writeDataset(root, 2);
        Path data = rewriteData(root, "SELECT * FROM FILE WHERE NOT (episode_index = 1 AND frame_index = 11)");
        try (LeRobotDatasetReader r = LeRobotDatasetReader.open(root)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> r.episode(1));
            assertMentions(e, "meta/episodes", "length", "episode 1", "12", "11 rows", data.toString());
        }
    }

    @Test
    void truncatedDataParquetNamesTheFile(@TempDir Path root) throws Exception {
        SyntheticEpisodes.writeDataset(root, 2);
        Path data = root.resolve("data/chunk-000/file-000.parquet");
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> {
            try (LeRobotDatasetReader r = LeRobotDatasetReader.open(root)) {
                r.episode(0);
            }
        });
        assertMentions(e, data.toString());
    }

    @Test
    void missingTasksFileIsNamed(@TempDir Path root) throws Exception {
        SyntheticEpisodes.writeDataset(root, 1);
        Files.delete(root.resolve("meta/tasks.parquet"));
        assertMentions(openFails(root), "meta/tasks.parquet", "not found");
    }
}
