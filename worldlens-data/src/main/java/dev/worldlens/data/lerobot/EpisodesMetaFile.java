package dev.worldlens.data.lerobot;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.worldlens.data.lerobot.LeRobotLayout.ident;
import static dev.worldlens.data.lerobot.LeRobotLayout.sqlPath;

/** meta/episodes/chunk-XXX/file-YYY.parquet as the writer writes and re-reads it (for resume and the totals). */
final class EpisodesMetaFile {
    static final String[] STAT_NAMES = {"min", "max", "mean", "std"};

    private EpisodesMetaFile() {
    }

    static String statColumn(String feature, String stat) {
        return "stats/" + feature + "/" + stat;
    }

    /**
     * Writes one episodes-metadata file.
     *
     * @param features  the stats features in column order; image features get LeRobot's [3][1][1] shape
     * @param videoKeys the video features, whose mp4 file and place in it each row records (may be empty)
     */
    static void write(DuckDBConnection c, Path target, List<EpisodeMetaRow> rows, List<String> features,
                      List<String> videoKeys) throws SQLException {
        List<String> cols = new ArrayList<>(List.of("episode_index BIGINT", "tasks VARCHAR[]", "length BIGINT",
                "\"data/chunk_index\" BIGINT", "\"data/file_index\" BIGINT", "dataset_from_index BIGINT",
                "dataset_to_index BIGINT"));
        for (String key : videoKeys) {
            for (String part : List.of("chunk_index BIGINT", "file_index BIGINT", "from_timestamp DOUBLE",
                    "to_timestamp DOUBLE")) {
                cols.add(ident("videos/" + key + "/" + part.substring(0, part.indexOf(' '))) + part.substring(
                        part.indexOf(' ')));
            }
        }
        List<String> select = new ArrayList<>(cols.stream().map(col -> col.substring(0, col.lastIndexOf(' ')))
                .toList());
        for (String f : features) {
            for (String stat : STAT_NAMES) {
                String col = ident(statColumn(f, stat));
                cols.add(col + " DOUBLE[]");
                select.add(imageShaped(f, col));
            }
            cols.add(ident(statColumn(f, "count")) + " BIGINT[]");
            select.add(ident(statColumn(f, "count")));
            for (String q : FeatureStats.QUANTILE_KEYS) {
                String col = ident(statColumn(f, q));
                cols.add(col + " DOUBLE[]");
                select.add(imageShaped(f, col));
            }
        }
        for (String wl : List.of("worldlens/scene_id", "worldlens/windows", "worldlens/extras")) {
            cols.add(ident(wl) + " VARCHAR");
            select.add(ident(wl));
        }
        // last, as LeRobot's _save_episode_metadata adds them
        for (String part : List.of("chunk_index", "file_index")) {
            cols.add(ident("meta/episodes/" + part) + " BIGINT");
            select.add(ident("meta/episodes/" + part));
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE episodes (" + String.join(", ", cols) + ")");
        }
        try (DuckDBAppender a = c.createAppender("episodes")) {
            for (EpisodeMetaRow r : rows) {
                a.beginRow();
                a.append((long) r.episodeIndex()).append(r.tasks()).append((long) r.length());
                a.append((long) (r.fileIndex() / LeRobotLayout.CHUNKS_SIZE));
                a.append((long) (r.fileIndex() % LeRobotLayout.CHUNKS_SIZE));
                a.append(r.fromIndex()).append(r.toIndex());
                for (int k = 0; k < videoKeys.size(); k++) {
                    a.append((long) (r.fileIndex() / LeRobotLayout.CHUNKS_SIZE));
                    a.append((long) (r.fileIndex() % LeRobotLayout.CHUNKS_SIZE));
                    a.append(r.videoFrom()).append(r.videoTo());
                }
                for (String f : features) {
                    FeatureStats st = r.stats().get(f);
                    a.append(st.min()).append(st.max()).append(st.mean()).append(st.std());
                    a.append(new long[]{st.count()});
                    for (double[] q : st.quantiles()) {
                        a.append(q);
                    }
                }
                a.append(r.sceneId()).append(r.windowsJson()).append(r.extrasJson());
                a.append((long) (r.fileIndex() / LeRobotLayout.CHUNKS_SIZE));
                a.append((long) (r.fileIndex() % LeRobotLayout.CHUNKS_SIZE));
                a.endRow();
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("COPY (SELECT " + String.join(", ", select) + " FROM episodes ORDER BY episode_index) TO "
                    + sqlPath(target) + " (FORMAT PARQUET, COMPRESSION ZSTD)");
            s.execute("DROP TABLE episodes");
        }
    }

    /** An image feature's per-channel vector as LeRobot's [3][1][1]; other features as they are. */
    private static String imageShaped(String feature, String col) {
        return isImage(feature) ? "[[[" + col + "[1]]], [[" + col + "[2]]], [[" + col + "[3]]]] AS " + col : col;
    }

    static boolean isImage(String feature) {
        return feature.startsWith(LeRobotLayout.IMAGE_PREFIX);
    }

    /** A read_parquet over exactly these files, so stray files (a later, unfinished run) are left out. */
    static String source(List<Path> files) {
        return "read_parquet([" + files.stream().map(LeRobotLayout::sqlPath).collect(Collectors.joining(", "))
                + "], union_by_name = true)";
    }

    /** The rows of the given files in episode order, without stats. */
    static List<EpisodeMetaRow> read(Connection c, List<Path> files) throws SQLException {
        List<EpisodeMetaRow> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT episode_index, tasks, length, \"data/chunk_index\", "
                     + "\"data/file_index\", dataset_from_index, dataset_to_index FROM " + source(files)
                     + " ORDER BY episode_index")) {
            while (rs.next()) {
                List<String> tasks = new ArrayList<>();
                for (Object o : (Object[]) rs.getArray(2).getArray()) {
                    tasks.add((String) o);
                }
                int fileIndex = (int) (rs.getLong(4) * LeRobotLayout.CHUNKS_SIZE + rs.getLong(5));
                out.add(new EpisodeMetaRow(rs.getInt(1), tasks, rs.getInt(3), fileIndex, rs.getLong(6),
                        rs.getLong(7), Double.NaN, Double.NaN, Map.of(), "", "[]", "{}"));
            }
        }
        return out;
    }

    /** Per-episode stats of each feature, in episode order, for merging into meta/stats.json. */
    static Map<String, List<FeatureStats>> readStats(Connection c, List<Path> files, List<String> features)
            throws SQLException {
        // files written before the quantiles existed have none; then the dataset's have none either
        boolean quantiles = hasColumn(c, files.get(0), statColumn(features.get(0), FeatureStats.QUANTILE_KEYS.get(0)));
        List<String> select = new ArrayList<>();
        for (String f : features) {
            for (String stat : STAT_NAMES) {
                select.add(flat(f, ident(statColumn(f, stat))));
            }
            select.add(ident(statColumn(f, "count")));
            if (quantiles) {
                FeatureStats.QUANTILE_KEYS.forEach(q -> select.add(flat(f, ident(statColumn(f, q)))));
            }
        }
        Map<String, List<FeatureStats>> out = new LinkedHashMap<>();
        features.forEach(f -> out.put(f, new ArrayList<>()));
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + String.join(", ", select) + " FROM " + source(files)
                     + " ORDER BY episode_index")) {
            while (rs.next()) {
                int col = 1;
                for (String f : features) {
                    double[] min = doubles(rs, col++);
                    double[] max = doubles(rs, col++);
                    double[] mean = doubles(rs, col++);
                    double[] std = doubles(rs, col++);
                    long count = ((Number) ((Object[]) rs.getArray(col++).getArray())[0]).longValue();
                    double[][] q = null;
                    if (quantiles) {
                        q = new double[FeatureStats.QUANTILES.length][];
                        for (int k = 0; k < q.length; k++) {
                            q[k] = doubles(rs, col++);
                        }
                    }
                    out.get(f).add(new FeatureStats(min, max, mean, std, count, q));
                }
            }
        }
        return out;
    }

    private static String flat(String feature, String col) {
        return isImage(feature) ? "flatten(flatten(" + col + "))" : col;
    }

    private static boolean hasColumn(Connection c, Path file, String column) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM parquet_schema("
                + sqlPath(file) + ") WHERE name = " + LeRobotLayout.sqlString(column))) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    private static double[] doubles(ResultSet rs, int col) throws SQLException {
        Object[] values = (Object[]) rs.getArray(col).getArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).doubleValue();
        }
        return out;
    }
}
