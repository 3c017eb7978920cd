package dev.worldlens.data.lerobot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.FrameSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.RgbImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static dev.worldlens.data.lerobot.LeRobotLayout.ident;
import static dev.worldlens.data.lerobot.LeRobotLayout.sqlPath;

/**
 * Reads a LeRobot dataset (v3.0, or v2.0/v2.1) as WorldLens episodes: image features stored in parquet or as PNG
 * files, video features from mp4 (H.264, AV1). Episode metadata and tasks are read on open; an episode's rows are
 * read when it is asked for, and its frames decoded on access (a video camera's frames for the whole episode at
 * once, then kept).
 */
public final class LeRobotDatasetReader implements EpisodeSource {
    public static final List<String> SUPPORTED_VERSIONS = List.of("v2.0", "v2.1", "v3.0");

    private final Path root;
    private final LeRobotInfo info;
    private final Connection connection;
    private final List<String> tasks;
    private final List<EpisodesCatalog.Entry> entries;
    private final Map<String, PngFrames.CameraInfo> cameras;
    /** Cameras (keys of {@link #cameras}) whose feature is dtype "video". */
    private final Map<String, PngFrames.CameraInfo> videoCameras;
    private final boolean legacy;
    private final double tolerance;
    private final ActionSchema actionSchema;
    private final List<String> stateNames;

    private LeRobotDatasetReader(Path root, LeRobotInfo info, Connection connection, double tolerance) {
        this.root = root;
        this.info = info;
        this.connection = connection;
        this.tolerance = tolerance;
        this.legacy = info.codebaseVersion().startsWith("v2");
        this.cameras = cameras(info, false);
        this.videoCameras = cameras(info, true);
        this.actionSchema = actionSchema(info, root);
        LeRobotInfo.Feature state = info.features().get("observation.state");
        this.stateNames = state == null ? List.of() : names(state, "s");
        List<String> videoKeys = videoCameras.values().stream().map(PngFrames.CameraInfo::column).toList();
        if (legacy) {
            this.tasks = LegacyCatalog.tasks(root);
            this.entries = LegacyCatalog.episodes(root, info.chunksSize(), videoKeys);
        } else {
            this.tasks = TaskTable.read(connection, root.resolve(LeRobotLayout.TASKS));
            this.entries = EpisodesCatalog.read(connection, root, videoKeys);
        }
    }

    /** Opens the dataset at root; throws InvalidInputException naming the file and field of anything wrong. */
    public static LeRobotDatasetReader open(Path root) {
        return open(root, dev.worldlens.data.video.VideoFrames.DEFAULT_TOLERANCE_S);
    }

    /**
     * Opens the dataset at root.
     *
     * @param toleranceS how far (seconds) a video frame may be from the row's timestamp, as LeRobot's tolerance_s
     */
    public static LeRobotDatasetReader open(Path root, double toleranceS) {
        LeRobotInfo info = LeRobotInfo.read(root);
        if (!SUPPORTED_VERSIONS.contains(info.codebaseVersion())) {
            throw new InvalidInputException(info.file(), "codebase_version", "version \"" + info.codebaseVersion()
                    + "\" is not supported; supported versions: " + String.join(", ", SUPPORTED_VERSIONS)
                    + (info.codebaseVersion().startsWith("v2") ? " (convert with LeRobot's "
                    + "convert_dataset_v21_to_v30.py)" : ""));
        }
        Connection c;
        try {
            c = LeRobotDatasetWriter.connect();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start DuckDB: " + e.getMessage(), e);
        }
        try {
            return new LeRobotDatasetReader(root, info, c, toleranceS);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    public LeRobotInfo info() {
        return info;
    }

    /** Task strings by task_index. */
    public List<String> tasks() {
        return tasks;
    }

    @Override
    public String name() {
        return "LeRobot " + info.codebaseVersion() + " dataset " + root;
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public synchronized Episode episode(int index) {
        EpisodesCatalog.Entry entry = entries.get(index);
        String template = legacy && info.dataPath().equals(LeRobotLayout.DATA_PATH) ? LeRobotLayout.V2_DATA_PATH
                : info.dataPath();
        Path file = root.resolve(LeRobotLayout.format(template, fields(entry, entry.chunkIndex(),
                entry.fileIndex(), "")));
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, null, "not found (data file of episode " + entry.episodeIndex()
                    + ")");
        }
        EpisodeRows rows = readRows(file, entry);
        int n = rows.actions.size();
        if (n != entry.length()) {
            throw new InvalidInputException(root.resolve("meta/episodes"), "length", "episode "
                    + entry.episodeIndex() + " has length " + entry.length() + " but " + file + " holds " + n
                    + " rows for it");
        }
        float[][] states = rows.states.isEmpty() ? new float[n][0] : rows.states.toArray(new float[0][]);
        List<LanguageWindow> windows = entry.windowsJson() != null ? windows(entry)
                : EpisodeRows.windowsFromTasks(rows.taskIndex, tasks, file, entry.episodeIndex());
        return new Episode(entry.episodeIndex(), entry.sceneId(), frames(entry, rows, file, n),
                rows.actions.toArray(new float[0][]), states, actionSchema, stateNames, windows, info.fps(),
                extras(entry));
    }

    private EpisodeRows readRows(Path file, EpisodesCatalog.Entry entry) {
        List<String> select = new ArrayList<>(List.of("action"));
        boolean hasState = !stateNames.isEmpty();
        if (hasState) {
            select.add(ident("observation.state"));
        }
        cameras.values().forEach(c -> select.add(ident(c.column()) + ".bytes"));
        select.add("frame_index");
        select.add("task_index");
        select.add("timestamp");
        String sql = "SELECT " + String.join(", ", select) + " FROM read_parquet(" + sqlPath(file)
                + ") WHERE episode_index = ? ORDER BY frame_index";
        EpisodeRows rows = new EpisodeRows(file, entry.episodeIndex(), cameras.keySet());
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, entry.episodeIndex());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs, actionSchema.dim(), hasState ? stateNames.size() : -1, cameras);
                }
            }
        } catch (SQLException e) {
            // most failures are a column the query needs and the file lacks: say which, not DuckDB's binder text
            List<String> needed = new ArrayList<>(List.of("action", "episode_index", "frame_index", "task_index",
                    "timestamp"));
            if (hasState) {
                needed.add("observation.state");
            }
            cameras.values().forEach(c -> needed.add(c.column()));
            List<String> present = columns(file);
            for (String column : needed) {
                if (!present.isEmpty() && !present.contains(column)) {
                    throw new InvalidInputException(file, column, "no such column (meta/info.json declares it); the "
                            + "file has " + present, e);
                }
            }
            throw new InvalidInputException(file, null, "cannot read episode " + entry.episodeIndex() + ": "
                    + e.getMessage(), e);
        }
        return rows;
    }

    /** The top-level column names of a parquet file, or none when it cannot be read as one. */
    private List<String> columns(Path file) {
        List<String> out = new ArrayList<>();
        try (java.sql.Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "DESCRIBE SELECT * FROM read_parquet(" + sqlPath(file) + ")")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return List.of();
        }
        return out;
    }

    /** Image cameras from the rows (bytes, or PNG files when stored by path); video cameras decoded lazily. */
    private FrameSource frames(EpisodesCatalog.Entry entry, EpisodeRows rows, Path file, int n) {
        int episode = entry.episodeIndex();
        PngFrames png = new PngFrames(rows.png(), cameras, n, file, episode, (cam, t) -> root.resolve(
                LeRobotLayout.format(legacy ? V2_IMAGE_PATH : IMAGE_PATH, Map.of("image_key", cam.column(),
                        "episode_index", episode, "frame_index", t))));
        double[] timestamps = rows.timestamps.stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, IntFunction<RgbImage>> sources = new LinkedHashMap<>();
        for (LeRobotInfo.Feature f : info.features().values()) {
            String name = cameraName(f);
            if (cameras.containsKey(name) && f.isImage()) {
                sources.put(name, t -> png.frame(name, t));
            } else if (videoCameras.containsKey(name) && f.isVideo()) {
                EpisodesCatalog.VideoRef ref = entry.videos().get(f.key());
                Path video = videoFile(entry, f.key());
                VideoCameraFrames frames = new VideoCameraFrames(video, f.key(), ref, timestamps,
                        videoCameras.get(name), tolerance, episode);
                sources.put(name, frames::frame);
            }
        }
        return new EpisodeFrames(sources, n);
    }

    /** The mp4 holding an episode's frames of one video feature. */
    private Path videoFile(EpisodesCatalog.Entry entry, String videoKey) {
        EpisodesCatalog.VideoRef ref = entry.videos().get(videoKey);
        String template = info.videoPath() != null ? info.videoPath()
                : legacy ? LeRobotLayout.V2_VIDEO_PATH : LeRobotLayout.VIDEO_PATH;
        return root.resolve(LeRobotLayout.format(template, fields(entry, ref.chunkIndex(), ref.fileIndex(),
                videoKey)));
    }

    /**
     * The video files the episodes metadata points to that are not on disk (users often fetch the metadata
     * first), each once, in episode order; reading a frame from one of them fails naming it.
     */
    public List<Path> missingVideos() {
        java.util.Set<Path> missing = new java.util.LinkedHashSet<>();
        for (EpisodesCatalog.Entry entry : entries) {
            for (PngFrames.CameraInfo cam : videoCameras.values()) {
                Path video = videoFile(entry, cam.column());
                if (!Files.isRegularFile(video)) {
                    missing.add(video);
                }
            }
        }
        return List.copyOf(missing);
    }

    /** Every camera (image and video features) with its size from meta/info.json, as "WxH", without a frame read. */
    public Map<String, String> cameraSizes() {
        Map<String, String> out = new LinkedHashMap<>();
        cameras.forEach((name, c) -> out.put(name, c.width() + "x" + c.height()));
        videoCameras.forEach((name, c) -> out.put(name, c.width() + "x" + c.height() + " video"));
        return out;
    }

    /** Values for every path template field of v2.x and v3.0. */
    private static Map<String, Object> fields(EpisodesCatalog.Entry entry, long chunk, long file, String videoKey) {
        return Map.of("chunk_index", chunk, "file_index", file, "episode_chunk", entry.chunkIndex(),
                "episode_index", entry.episodeIndex(), "video_key", videoKey);
    }

    private List<LanguageWindow> windows(EpisodesCatalog.Entry entry) {
        List<LanguageWindow> out = new ArrayList<>();
        try {
            for (JsonNode w : Json.JSON.readTree(entry.windowsJson())) {
                out.add(new LanguageWindow(w.path("start").asInt(), w.path("end").asInt(),
                        w.path("task_id").asText(), w.path("instruction").asText()));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(root.resolve("meta/episodes"), "worldlens/windows", "episode "
                    + entry.episodeIndex() + ": " + e.getMessage(), e);
        }
        return out;
    }

    private Map<String, String> extras(EpisodesCatalog.Entry entry) {
        if (entry.extrasJson() == null || entry.extrasJson().isEmpty()) {
            return Map.of();
        }
        try {
            return Json.JSON.readValue(entry.extrasJson(), new TypeReference<Map<String, String>>() {
            });
        } catch (IOException e) {
            throw new InvalidInputException(root.resolve("meta/episodes"), "worldlens/extras", "episode "
                    + entry.episodeIndex() + ": expected a JSON object of strings: " + e.getMessage(), e);
        }
    }

    private static final String IMAGE_PATH =
            "images/{image_key}/episode-{episode_index:06d}/frame-{frame_index:06d}.png";
    private static final String V2_IMAGE_PATH =
            "images/{image_key}/episode_{episode_index:06d}/frame_{frame_index:06d}.png";

    private static String cameraName(LeRobotInfo.Feature f) {
        return f.key().startsWith(LeRobotLayout.IMAGE_PREFIX)
                ? f.key().substring(LeRobotLayout.IMAGE_PREFIX.length()) : f.key();
    }

    /**
     * Image (video == false) or video features as cameras named after the part of the key following
     * "observation.images.".
     */
    private static Map<String, PngFrames.CameraInfo> cameras(LeRobotInfo info, boolean video) {
        Map<String, PngFrames.CameraInfo> out = new LinkedHashMap<>();
        for (LeRobotInfo.Feature f : info.features().values()) {
            String field = "features." + f.key();
            if (video ? !f.isVideo() : !f.isImage()) {
                continue;
            }
            if (f.names() == null || !f.names().contains("height") || !f.names().contains("width")) {
                throw new InvalidInputException(info.file(), field + ".names", "expected axis names including "
                        + "\"height\" and \"width\" (the axis order is taken from names), found " + f.names());
            }
            String name = cameraName(f);
            out.put(name, new PngFrames.CameraInfo(f.key(), f.axis("width"), f.axis("height")));
        }
        return out;
    }

    private static ActionSchema actionSchema(LeRobotInfo info, Path root) {
        LeRobotInfo.Feature action = info.features().get("action");
        if (action == null) {
            throw new InvalidInputException(info.file(), "features.action", "missing");
        }
        if (action.shape().size() != 1) {
            throw new InvalidInputException(info.file(), "features.action.shape", "expected one dimension, found "
                    + action.shape());
        }
        List<String> names = names(action, "a");
        Path extra = root.resolve(LeRobotLayout.WORLDLENS);
        if (!Files.isRegularFile(extra)) {
            return ActionSchema.ungrouped(names);
        }
        try {
            JsonNode groups = Json.JSON.readTree(extra.toFile()).path("action_groups");
            Map<String, List<Integer>> parsed = Json.JSON.convertValue(groups.isMissingNode()
                    ? Json.JSON.createObjectNode() : groups, new TypeReference<LinkedHashMap<String, List<Integer>>>() {
            });
            return new ActionSchema(names, parsed);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(extra, "action_groups", e.getMessage(), e);
        }
    }

    /** The feature's names, or prefix0..prefixN-1 when the file gives none (or not one per dimension). */
    private static List<String> names(LeRobotInfo.Feature f, String prefix) {
        int dim = f.shape().get(0);
        if (f.names() != null && f.names().size() == dim) {
            return f.names();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < dim; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing useful to do: the connection is in-memory and holds no data worth saving
        }
    }
}
