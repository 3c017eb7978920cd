package dev.worldlens.data.lerobot;

import dev.worldlens.core.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.worldlens.data.lerobot.LeRobotLayout.sqlString;

/** The rows of meta/episodes/*&#47;*.parquet that a reader needs: where each episode is and its WorldLens facts. */
final class EpisodesCatalog {

    /**
     * One episode's entry.
     *
     * @param sceneId     worldlens/scene_id, or "" when absent
     * @param windowsJson worldlens/windows, or null when absent (windows are then derived from task_index)
     * @param extrasJson  worldlens/extras, or null when absent
     */
    record Entry(int episodeIndex, int length, long chunkIndex, long fileIndex, String sceneId, String windowsJson,
                 String extrasJson, Map<String, VideoRef> videos) {
    }

    /**
     * Where one camera's frames of an episode are: the mp4's chunk and file indices and the episode's time span
     * inside it (v3.0 concatenates episodes; v2.x has one file per episode, from 0, end unknown: NaN).
     */
    record VideoRef(long chunkIndex, long fileIndex, double fromTimestamp, double toTimestamp) {
    }

    private static final List<String> REQUIRED = List.of("episode_index", "length", "data/chunk_index",
            "data/file_index");

    private static final List<String> VIDEO_PARTS = List.of("chunk_index", "file_index", "from_timestamp",
            "to_timestamp");

    private EpisodesCatalog() {
    }

    /** Reads every episodes-metadata file under meta/episodes, ordered by episode_index. */
    static List<Entry> read(Connection c, Path root, List<String> videoKeys) {
        Path folder = root.resolve("meta/episodes");
        if (!hasParquet(folder)) {
            throw new InvalidInputException(folder, null, "no episodes metadata found "
                    + "(expected meta/episodes/chunk-XXX/file-YYY.parquet)");
        }
        String source = "read_parquet(" + sqlString(folder.toAbsolutePath() + "/*/*.parquet")
                + ", union_by_name = true)";
        Set<String> columns = new HashSet<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT column_name FROM (DESCRIBE SELECT * FROM " + source + ")")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new InvalidInputException(folder, null, "cannot read the episodes metadata: " + e.getMessage(), e);
        }
        List<String> required = new ArrayList<>(REQUIRED);
        StringBuilder videoColumns = new StringBuilder();
        for (String key : videoKeys) {
            for (String part : VIDEO_PARTS) {
                required.add("videos/" + key + "/" + part);
                videoColumns.append(", ").append(LeRobotLayout.ident("videos/" + key + "/" + part));
            }
        }
        for (String col : required) {
            if (!columns.contains(col)) {
                throw new InvalidInputException(folder, col, "missing from the episodes metadata");
            }
        }
        String scene = optional(columns, "worldlens/scene_id");
        String windows = optional(columns, "worldlens/windows");
        String extras = optional(columns, "worldlens/extras");
        List<Entry> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT episode_index, length, \"data/chunk_index\", \"data/file_index\", "
                     + scene + ", " + windows + ", " + extras + videoColumns + " FROM " + source + " ORDER BY episode_index")) {
            while (rs.next()) {
                long episode = rs.getLong(1);
                long length = rs.getLong(2);
                if (rs.wasNull() || length <= 0 || length > Integer.MAX_VALUE) {
                    throw new InvalidInputException(folder, "length", "episode " + episode
                            + ": expected a positive frame count, found " + (rs.wasNull() ? "null" : length));
                }
                String sceneId = rs.getString(5);
                Map<String, VideoRef> videos = new LinkedHashMap<>();
                int col = 8;
                for (String key : videoKeys) {
                    videos.put(key, new VideoRef(rs.getLong(col), rs.getLong(col + 1), rs.getDouble(col + 2),
                            rs.getDouble(col + 3)));
                    col += 4;
                }
                out.add(new Entry((int) episode, (int) length, rs.getLong(3), rs.getLong(4),
                        sceneId == null ? "" : sceneId, rs.getString(6), rs.getString(7), videos));
            }
        } catch (SQLException e) {
            throw new InvalidInputException(folder, null, "cannot read the episodes metadata: " + e.getMessage(), e);
        }
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).episodeIndex() == out.get(i - 1).episodeIndex()) {
                throw new InvalidInputException(folder, "episode_index", "episode " + out.get(i).episodeIndex()
                        + " listed twice");
            }
        }
        return out;
    }

    private static String optional(Set<String> columns, String name) {
        return columns.contains(name) ? LeRobotLayout.ident(name) : "NULL::VARCHAR";
    }

    private static boolean hasParquet(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(folder, 2)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            return false;
        }
    }
}
