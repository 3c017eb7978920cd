package dev.worldlens.data.lerobot;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.LanguageWindow;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The data rows of one episode as read from a data parquet file, checked frame by frame. */
final class EpisodeRows {
    final List<float[]> actions = new ArrayList<>();
    final List<float[]> states = new ArrayList<>();
    final List<Long> taskIndex = new ArrayList<>();
    final List<Double> timestamps = new ArrayList<>();
    private final Map<String, List<byte[]>> pngLists = new LinkedHashMap<>();
    private final Path file;
    private final int episode;

    EpisodeRows(Path file, int episode, Collection<String> cameras) {
        this.file = file;
        this.episode = episode;
        cameras.forEach(c -> pngLists.put(c, new ArrayList<>()));
    }

    /**
     * Adds the current row: action, [state], one image per camera, frame_index, task_index, timestamp.
     *
     * @param stateDim -1 when the query selects no state column
     */
    void add(ResultSet rs, int actionDim, int stateDim, Map<String, PngFrames.CameraInfo> cameras)
            throws SQLException {
        int t = actions.size();
        int col = 1;
        actions.add(floats(rs.getArray(col++), actionDim, "action", t));
        if (stateDim >= 0) {
            states.add(floats(rs.getArray(col++), stateDim, "observation.state", t));
        }
        for (Map.Entry<String, PngFrames.CameraInfo> cam : cameras.entrySet()) {
            // null: stored by path only (v2.x image datasets); PngFrames reads images/... instead
            pngLists.get(cam.getKey()).add(rs.getBytes(col++));
        }
        long frameIndex = rs.getLong(col++);
        if (frameIndex != t) {
            throw new InvalidInputException(file, "frame_index", "episode " + episode + ": expected frame " + t
                    + ", found " + frameIndex + " (frames must run 0..length-1)");
        }
        taskIndex.add(rs.getLong(col++));
        if (rs.wasNull()) {
            throw new InvalidInputException(file, "task_index", "episode " + episode + " frame " + t + ": null");
        }
        timestamps.add(rs.getDouble(col));
        if (rs.wasNull()) {
            throw new InvalidInputException(file, "timestamp", "episode " + episode + " frame " + t + ": null");
        }
    }

    /** PNG bytes per camera and frame. */
    Map<String, byte[][]> png() {
        Map<String, byte[][]> out = new LinkedHashMap<>();
        pngLists.forEach((k, v) -> out.put(k, v.toArray(new byte[0][])));
        return out;
    }

    private float[] floats(Array array, int dim, String field, int t) throws SQLException {
        if (array == null) {
            throw new InvalidInputException(file, field, "episode " + episode + " frame " + t + ": null");
        }
        Object[] values = (Object[]) array.getArray();
        if (values.length != dim) {
            throw new InvalidInputException(file, field, "episode " + episode + " frame " + t + ": "
                    + values.length + " values, meta/info.json says " + dim);
        }
        float[] out = new float[dim];
        for (int i = 0; i < dim; i++) {
            if (values[i] == null) {
                throw new InvalidInputException(file, field, "episode " + episode + " frame " + t + ": null at "
                        + "dimension " + i);
            }
            out[i] = ((Number) values[i]).floatValue();
            // float32 overflow (a float64 of 1e300) lands here as infinity too
            if (!Float.isFinite(out[i])) {
                throw new InvalidInputException(file, field, "episode " + episode + " frame " + t + ": " + out[i]
                        + " at dimension " + i + " (values must be finite)");
            }
        }
        return out;
    }

    /** Windows from runs of equal task_index, for datasets without worldlens/windows; the task id is the text. */
    static List<LanguageWindow> windowsFromTasks(List<Long> taskIndex, List<String> tasks, Path file, int episode) {
        List<LanguageWindow> out = new ArrayList<>();
        int start = 0;
        for (int t = 1; t <= taskIndex.size(); t++) {
            if (t == taskIndex.size() || !taskIndex.get(t).equals(taskIndex.get(start))) {
                long ti = taskIndex.get(start);
                if (ti < 0 || ti >= tasks.size()) {
                    throw new InvalidInputException(file, "task_index", "episode " + episode + " frame " + start
                            + ": " + ti + " is not in meta/tasks.parquet (" + tasks.size() + " tasks)");
                }
                String task = tasks.get((int) ti);
                out.add(new LanguageWindow(start, t, task, task));
                start = t;
            }
        }
        return out;
    }
}
