package dev.worldlens.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.Json;
import dev.worldlens.core.RgbImage;
import dev.worldlens.data.video.VideoFrame;
import dev.worldlens.data.video.VideoFrames;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A LeRobot v3.0 dataset read the way LeRobot's own code reads it, written apart from the project's reader so that
 * a test can hold the writer against LeRobot's rules rather than against our reader:
 * <ul>
 *   <li>tasks as {@code pd.read_parquet(meta/tasks.parquet)} gives them: the text is the index, the column the
 *       pandas metadata names in {@code index_columns} ({@code io_utils.load_tasks});</li>
 *   <li>episodes from every meta/episodes parquet; an episode's rows are positions
 *       {@code [dataset_from_index, dataset_to_index)} of all data files concatenated in path order, as
 *       {@code load_nested_dataset} concatenates them;</li>
 *   <li>a video frame is the decoded frame nearest {@code videos/<key>/from_timestamp + timestamp} in the file the
 *       episode's {@code chunk_index}/{@code file_index} name (formatted into info.json's {@code video_path}),
 *       within LeRobot's 1e-4 s; an image feature is the PNG in the row's {@code {bytes, path}} struct, decoded by
 *       the JDK.</li>
 * </ul>
 */
final class LeRobotWay {
    /** One episode as LeRobot would hand it out. */
    record Episode(long index, List<String> tasks, long length, List<String> frameTasks, List<float[]> actions,
                   Map<String, List<RgbImage>> frames) {
    }

    private LeRobotWay() {
    }

    static List<String> tasksByIndex(Connection c, Path root) throws SQLException, IOException {
        Path file = root.resolve("meta/tasks.parquet");
        String pandas;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT value FROM "
                + "parquet_kv_metadata('" + file + "') WHERE decode(key) = 'pandas'")) {
            if (!rs.next()) {
                throw new AssertionError(file + " has no pandas metadata: pandas would give a RangeIndex");
            }
            pandas = new String(rs.getBytes(1), StandardCharsets.UTF_8);
        }
        JsonNode meta = Json.JSON.readTree(pandas);
        String index = meta.path("index_columns").path(0).asText(null);
        if (index == null) {
            throw new AssertionError(file + ": the pandas index is not a column: " + meta.path("index_columns"));
        }
        Map<Long, String> byIndex = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT task_index, \"" + index
                + "\" FROM read_parquet('" + file + "')")) {
            while (rs.next()) {
                byIndex.put(rs.getLong(1), rs.getString(2));
            }
        }
        List<String> out = new ArrayList<>();
        for (long i = 0; i < byIndex.size(); i++) {
            out.add(byIndex.get(i));
        }
        return out;
    }

    static List<Episode> read(Path root) throws Exception {
        JsonNode info = Json.JSON.readTree(root.resolve("meta/info.json").toFile());
        List<String> videoKeys = new ArrayList<>();
        List<String> imageKeys = new ArrayList<>();
        info.path("features").fields().forEachRemaining(f -> {
            String dtype = f.getValue().path("dtype").asText();
            if (dtype.equals("video")) {
                videoKeys.add(f.getKey());
            } else if (dtype.equals("image")) {
                imageKeys.add(f.getKey());
            }
        });
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            List<String> tasks = tasksByIndex(c, root);
            s.execute("CREATE TABLE data AS SELECT row_number() OVER () - 1 AS position, * FROM read_parquet("
                    + files(root.resolve("data")) + ")");
            List<Episode> out = new ArrayList<>();
            try (Statement q = c.createStatement(); ResultSet ep = q.executeQuery("SELECT * FROM read_parquet("
                    + files(root.resolve("meta/episodes")) + ") ORDER BY episode_index")) {
                while (ep.next()) {
                    out.add(episode(c, root, info, ep, tasks, videoKeys, imageKeys));
                }
            }
            return out;
        }
    }

    private static Episode episode(Connection c, Path root, JsonNode info, ResultSet ep, List<String> tasks,
                                   List<String> videoKeys, List<String> imageKeys) throws Exception {
        long from = ep.getLong("dataset_from_index");
        long to = ep.getLong("dataset_to_index");
        List<String> episodeTasks = new ArrayList<>();
        for (Object o : (Object[]) ep.getArray("tasks").getArray()) {
            episodeTasks.add((String) o);
        }
        List<String> frameTasks = new ArrayList<>();
        List<float[]> actions = new ArrayList<>();
        List<Double> timestamps = new ArrayList<>();
        Map<String, List<RgbImage>> frames = new HashMap<>();
        imageKeys.forEach(k -> frames.put(k, new ArrayList<>()));
        StringBuilder images = new StringBuilder();
        for (String k : imageKeys) {
            images.append(", \"").append(k).append("\".bytes");
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT task_index, action, timestamp"
                + images + " FROM data WHERE position >= " + from + " AND position < " + to + " ORDER BY position")) {
            while (rs.next()) {
                frameTasks.add(tasks.get((int) rs.getLong(1)));
                Object[] a = (Object[]) rs.getArray(2).getArray();
                float[] action = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    action[i] = ((Number) a[i]).floatValue();
                }
                actions.add(action);
                timestamps.add(rs.getDouble(3));
                for (int k = 0; k < imageKeys.size(); k++) {
                    frames.get(imageKeys.get(k)).add(png(rs.getBytes(4 + k)));
                }
            }
        }
        for (String key : videoKeys) {
            long chunk = ep.getLong("videos/" + key + "/chunk_index");
            long file = ep.getLong("videos/" + key + "/file_index");
            double start = ep.getDouble("videos/" + key + "/from_timestamp");
            Path mp4 = root.resolve(info.path("video_path").asText().replace("{video_key}", key)
                    .replace("{chunk_index:03d}", String.format("%03d", chunk))
                    .replace("{file_index:03d}", String.format("%03d", file)));
            List<VideoFrame> decoded = VideoFrames.decode(mp4, key);
            List<RgbImage> images2 = new ArrayList<>();
            for (double t : timestamps) {
                images2.add(VideoFrames.nearest(decoded, start + t, 1e-4, mp4).image());
            }
            frames.put(key, images2);
        }
        return new Episode(ep.getLong("episode_index"), episodeTasks, ep.getLong("length"), frameTasks, actions,
                frames);
    }

    private static RgbImage png(byte[] bytes) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        byte[] rgb = new byte[img.getWidth() * img.getHeight() * 3];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int i = (y * img.getWidth() + x) * 3;
                rgb[i] = (byte) (p >> 16);
                rgb[i + 1] = (byte) (p >> 8);
                rgb[i + 2] = (byte) p;
            }
        }
        return new RgbImage(img.getWidth(), img.getHeight(), rgb);
    }

    /** Every parquet under dir in path order, as a DuckDB list literal. */
    private static String files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<String> paths = walk.filter(p -> p.toString().endsWith(".parquet")).map(Path::toString).sorted()
                    .map(p -> "'" + p + "'").toList();
            return "[" + String.join(", ", paths) + "]";
        }
    }
}
