package dev.worldlens.data.lerobot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import dev.worldlens.core.LanguageWindow;

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

import static dev.worldlens.data.lerobot.LeRobotLayout.ident;
import static dev.worldlens.data.lerobot.LeRobotLayout.sqlPath;

/**
 * Reads a LeRobot dataset (v3.0, image features stored in parquet) as WorldLens episodes. Episode metadata and
 * tasks are read on open; an episode's rows are read when it is asked for, and its frames decoded on access.
 */
public final class LeRobotDatasetReader implements EpisodeSource {
    public static final List<String> SUPPORTED_VERSIONS = List.of("v3.0");

    private final Path root;
    private final LeRobotInfo info;
    private final Connection connection;
    private final List<String> tasks;
    private final List<EpisodesCatalog.Entry> entries;
    private final Map<String, PngFrames.CameraInfo> cameras;
    private final ActionSchema actionSchema;
    private final List<String> stateNames;

    private LeRobotDatasetReader(Path root, LeRobotInfo info, Connection connection) {
        this.root = root;
        this.info = info;
        this.connection = connection;
        this.cameras = cameras(info);
        this.actionSchema = actionSchema(info, root);
        LeRobotInfo.Feature state = info.features().get("observation.state");
        this.stateNames = state == null ? List.of() : names(state, "s");
        this.tasks = TaskTable.read(connection, root.resolve(LeRobotLayout.TASKS));
        this.entries = EpisodesCatalog.read(connection, root);
    }

    /** Opens the dataset at root; throws InvalidInputException naming the file and field of anything wrong. */
    public static LeRobotDatasetReader open(Path root) {
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
            return new LeRobotDatasetReader(root, info, c);
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
        Path file = root.resolve(LeRobotLayout.format(info.dataPath(), entry.chunkIndex(), entry.fileIndex()));
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
        return new Episode(entry.episodeIndex(), entry.sceneId(),
                new PngFrames(rows.png(), cameras, n, file, entry.episodeIndex()),
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
            throw new InvalidInputException(file, null, "cannot read episode " + entry.episodeIndex() + ": "
                    + e.getMessage(), e);
        }
        return rows;
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

    /** Image features as cameras named after the part of the key following "observation.images.". */
    private static Map<String, PngFrames.CameraInfo> cameras(LeRobotInfo info) {
        Map<String, PngFrames.CameraInfo> out = new LinkedHashMap<>();
        for (LeRobotInfo.Feature f : info.features().values()) {
            String field = "features." + f.key();
            if (f.isVideo()) {
                throw new InvalidInputException(info.file(), field, "video features are not supported yet: "
                        + f.key());
            }
            if (!f.isImage()) {
                continue;
            }
            if (f.names() == null || !f.names().contains("height") || !f.names().contains("width")) {
                throw new InvalidInputException(info.file(), field + ".names", "expected axis names including "
                        + "\"height\" and \"width\" (the axis order is taken from names), found " + f.names());
            }
            String name = f.key().startsWith(LeRobotLayout.IMAGE_PREFIX)
                    ? f.key().substring(LeRobotLayout.IMAGE_PREFIX.length()) : f.key();
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
