package dev.worldlens.data.lerobot;

import dev.worldlens.core.RgbImage;
import dev.worldlens.data.video.VideoWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Small LeRobot datasets with video features, written by hand (meta files via DuckDB, mp4 via our VideoWriter):
 * two episodes of 8 frames, 32x32, one camera "front" as video, so a test can compare decoded frames to source.
 */
final class VideoDatasets {
    static final int FPS = 30;
    static final int SIZE = 32;
    static final int[] LENGTHS = {8, 8};
    static final String FRONT = "observation.images.front";
    static final String WRIST = "observation.images.wrist";

    private VideoDatasets() {
    }

    /** Frame t of episode e: flat-ish colours that differ per frame and per episode. */
    static RgbImage source(int episode, int t) {
        byte[] rgb = new byte[SIZE * SIZE * 3];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int p = (y * SIZE + x) * 3;
                rgb[p] = (byte) (30 + 20 * t);
                rgb[p + 1] = (byte) (60 + 100 * episode + 2 * x);
                rgb[p + 2] = (byte) (220 - 3 * y);
            }
        }
        return new RgbImage(SIZE, SIZE, rgb);
    }

    /** v3.0: both episodes concatenated in videos/FRONT/chunk-000/file-000.mp4, one data file. */
    static void writeV30(Path root) throws IOException, SQLException {
        Path video = root.resolve("videos/" + FRONT + "/chunk-000/file-000.mp4");
        Files.createDirectories(video.getParent());
        List<RgbImage> all = new ArrayList<>();
        for (int e = 0; e < LENGTHS.length; e++) {
            for (int t = 0; t < LENGTHS[e]; t++) {
                all.add(source(e, t));
            }
        }
        writeVideo(video, all);
        Files.createDirectories(root.resolve("data/chunk-000"));
        Files.createDirectories(root.resolve("meta/episodes/chunk-000"));
        writeInfo(root, "v3.0", LeRobotLayout.DATA_PATH, LeRobotLayout.VIDEO_PATH, false);
        try (Connection c = LeRobotDatasetWriter.connect(); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT " + rowColumns("g // 8", "g % 8", "g") + " FROM range(16) r(g)) TO "
                    + LeRobotLayout.sqlPath(root.resolve("data/chunk-000/file-000.parquet")) + " (FORMAT PARQUET)");
            s.execute("COPY (SELECT 0::BIGINT AS task_index, 'stack the cubes' AS task) TO "
                    + LeRobotLayout.sqlPath(root.resolve(LeRobotLayout.TASKS)) + " (FORMAT PARQUET)");
            String v = "\"videos/" + FRONT + "/";
            s.execute("COPY (SELECT e AS episode_index, ['stack the cubes'] AS tasks, 8::BIGINT AS length, "
                    + "0::BIGINT AS \"data/chunk_index\", 0::BIGINT AS \"data/file_index\", "
                    + "e * 8 AS dataset_from_index, e * 8 + 8 AS dataset_to_index, "
                    + "0::BIGINT AS " + v + "chunk_index\", 0::BIGINT AS " + v + "file_index\", "
                    + "e * 8 / 30.0 AS " + v + "from_timestamp\", (e * 8 + 8) / 30.0 AS " + v + "to_timestamp\" "
                    + "FROM range(2) r(e)) TO "
                    + LeRobotLayout.sqlPath(root.resolve("meta/episodes/chunk-000/file-000.parquet"))
                    + " (FORMAT PARQUET)");
        }
    }

    /**
     * v2.1: one data file and one mp4 per episode, plus an image feature WRIST stored by path only (PNG files under
     * images/, the parquet struct's bytes null), as LeRobot's image datasets were.
     */
    static void writeV21(Path root) throws IOException, SQLException {
        writeInfo(root, "v2.1", LeRobotLayout.V2_DATA_PATH, LeRobotLayout.V2_VIDEO_PATH, true);
        StringBuilder episodes = new StringBuilder();
        try (Connection c = LeRobotDatasetWriter.connect(); Statement s = c.createStatement()) {
            for (int e = 0; e < LENGTHS.length; e++) {
                String ep = String.format("episode_%06d", e);
                Path video = root.resolve("videos/chunk-000/" + FRONT + "/" + ep + ".mp4");
                Files.createDirectories(video.getParent());
                List<RgbImage> frames = new ArrayList<>();
                for (int t = 0; t < LENGTHS[e]; t++) {
                    frames.add(source(e, t));
                    Path png = root.resolve(String.format("images/%s/%s/frame_%06d.png", WRIST, ep, t));
                    Files.createDirectories(png.getParent());
                    Files.write(png, PngCodec.encode(source(e, t)));
                }
                writeVideo(video, frames);
                Path data = root.resolve("data/chunk-000/" + ep + ".parquet");
                Files.createDirectories(data.getParent());
                s.execute("COPY (SELECT " + rowColumns(Integer.toString(e), "g", "g + " + e * 8) + ", "
                        + "{'bytes': NULL::BLOB, 'path': 'frame_' || lpad(g::VARCHAR, 6, '0') || '.png'} AS \""
                        + WRIST + "\" FROM range(" + LENGTHS[e] + ") r(g)) TO " + LeRobotLayout.sqlPath(data)
                        + " (FORMAT PARQUET)");
                episodes.append("{\"episode_index\": ").append(e).append(", \"tasks\": [\"stack the cubes\"], ")
                        .append("\"length\": ").append(LENGTHS[e]).append("}\n");
            }
        }
        Files.writeString(root.resolve(LeRobotLayout.V2_EPISODES), episodes);
        Files.writeString(root.resolve(LeRobotLayout.V2_TASKS), "{\"task_index\": 0, \"task\": \"stack the cubes\"}\n");
    }

    /** The data columns of one row; the SQL expressions give episode, frame and global index. */
    private static String rowColumns(String episode, String frame, String index) {
        return "[(" + frame + ")::FLOAT / 10, (" + episode + ")::FLOAT]::FLOAT[] AS action, "
                + "[(" + frame + ")::FLOAT]::FLOAT[] AS \"observation.state\", "
                + "((" + frame + ") / " + FPS + ".0)::FLOAT AS timestamp, (" + frame + ")::BIGINT AS frame_index, "
                + "(" + episode + ")::BIGINT AS episode_index, (" + index + ")::BIGINT AS index, "
                + "0::BIGINT AS task_index";
    }

    static void writeVideo(Path file, List<RgbImage> frames) {
        try (VideoWriter w = VideoWriter.open(file, SIZE, SIZE, FPS, VideoWriter.Codec.H264, 2)) {
            frames.forEach(w::write);
        }
    }

    private static void writeInfo(Path root, String version, String dataPath, String videoPath, boolean wrist)
            throws IOException {
        Files.createDirectories(root.resolve("meta"));
        String imageAxes = "\"shape\": [" + SIZE + ", " + SIZE + ", 3], \"names\": [\"height\", \"width\", \"channel\"]";
        String features = "\"action\": {\"dtype\": \"float32\", \"shape\": [2], \"names\": [\"a0\", \"a1\"]}, "
                + "\"observation.state\": {\"dtype\": \"float32\", \"shape\": [1], \"names\": null}, "
                + "\"" + FRONT + "\": {\"dtype\": \"video\", " + imageAxes + ", \"info\": {\"video.fps\": 30.0, "
                + "\"video.codec\": \"h264\", \"video.pix_fmt\": \"yuv420p\"}}, "
                + (wrist ? "\"" + WRIST + "\": {\"dtype\": \"image\", \"shape\": [3, " + SIZE + ", " + SIZE
                + "], \"names\": [\"channel\", \"height\", \"width\"]}, " : "")
                + "\"timestamp\": {\"dtype\": \"float32\", \"shape\": [1], \"names\": null}, "
                + "\"frame_index\": {\"dtype\": \"int64\", \"shape\": [1], \"names\": null}, "
                + "\"episode_index\": {\"dtype\": \"int64\", \"shape\": [1], \"names\": null}, "
                + "\"index\": {\"dtype\": \"int64\", \"shape\": [1], \"names\": null}, "
                + "\"task_index\": {\"dtype\": \"int64\", \"shape\": [1], \"names\": null}";
        Files.writeString(root.resolve(LeRobotLayout.INFO), "{\"codebase_version\": \"" + version + "\", "
                + "\"robot_type\": \"test\", \"total_episodes\": 2, \"total_frames\": 16, \"total_tasks\": 1, "
                + "\"chunks_size\": 1000, \"fps\": " + FPS + ", \"data_path\": \"" + dataPath + "\", "
                + "\"video_path\": \"" + videoPath + "\", \"features\": {" + features + "}}");
    }
}
