package dev.worldlens.data.lerobot;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the files of a LeRobot v3.0 dataset live, relative to its root. */
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

    /** Python format fields such as {chunk_index:03d} or {video_key}. */
    private static final Pattern FIELD = Pattern.compile("\\{(\\w+)(?::0?(\\d+)d)?}");

    private LeRobotLayout() {
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
    static String format(String template, Map<String, Long> values) {
        Matcher m = FIELD.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Long v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("no value for {" + m.group(1) + "} in " + template);
            }
            String text = m.group(2) == null ? Long.toString(v) : String.format("%0" + m.group(2) + "d", v);
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
