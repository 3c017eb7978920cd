package dev.worldlens.data.lerobot;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the files of a LeRobot dataset (v3.0, and v2.x for reading) live, relative to its root. */
final class LeRobotLayout {
    static final String CODEBASE_VERSION = "v3.0";
    /** Files per chunk folder (LeRobot's DEFAULT_CHUNK_SIZE). */
    static final int CHUNKS_SIZE = 1000;
    static final String DATA_PATH = "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";
    static final String EPISODES_PATH = "meta/episodes/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";
    static final String INFO = "meta/info.json";
    static final String STATS = "meta/stats.json";
    static final String TASKS = "meta/tasks.parquet";
    static final String WORLDLENS = "meta/worldlens.json";
    static final String IMAGE_PREFIX = "observation.images.";

    static final String VIDEO_PATH = "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4";
    /** v2.x: one data file and one mp4 per episode (meta/episodes.jsonl, meta/tasks.jsonl). */
    static final String V2_DATA_PATH = "data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet";
    static final String V2_VIDEO_PATH = "videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4";
    static final String V2_EPISODES = "meta/episodes.jsonl";
    static final String V2_TASKS = "meta/tasks.jsonl";

    /** Python format fields such as {chunk_index:03d} or {video_key}. */
    private static final Pattern FIELD = Pattern.compile("\\{(\\w+)(?::0?(\\d+)d)?}");

    /** The fields LeRobot's path templates use, v2.x and v3.0 together. */
    static final java.util.List<String> TEMPLATE_FIELDS = java.util.List.of("chunk_index", "file_index",
            "episode_chunk", "episode_index", "video_key");

    private LeRobotLayout() {
    }

    /** The first field of a template that is not one of {@link #TEMPLATE_FIELDS}, or null. */
    static String unknownField(String template) {
        Matcher m = FIELD.matcher(template);
        while (m.find()) {
            if (!TEMPLATE_FIELDS.contains(m.group(1))) {
                return m.group(1);
            }
        }
        return null;
    }

    static Path dataFile(Path root, int fileIndex) {
        return root.resolve(format(DATA_PATH, fileIndex / CHUNKS_SIZE, fileIndex % CHUNKS_SIZE));
    }

    static Path episodesFile(Path root, int fileIndex) {
        return root.resolve(format(EPISODES_PATH, fileIndex / CHUNKS_SIZE, fileIndex % CHUNKS_SIZE));
    }

    static String format(String template, long chunkIndex, long fileIndex) {
        return format(template, Map.of("chunk_index", chunkIndex, "file_index", fileIndex));
    }

    /** Fills a path template of info.json the way Python's str.format does for the integer fields LeRobot uses. */
    static String format(String template, Map<String, ?> values) {
        Matcher m = FIELD.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Object v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("no value for {" + m.group(1) + "} in " + template);
            }
            // strings ({video_key}) are copied; integers take the template's zero padding
            String text = m.group(2) == null || !(v instanceof Number) ? v.toString()
                    : String.format("%0" + m.group(2) + "d", ((Number) v).longValue());
            m.appendReplacement(sb, Matcher.quoteReplacement(text));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A path as a DuckDB SQL string literal. */
    static String sqlPath(Path p) {
        return sqlString(p.toAbsolutePath().toString());
    }

    static String sqlString(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** A column name as a DuckDB identifier; LeRobot's names contain dots and slashes. */
    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
