package dev.worldlens.data.lerobot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worldlens.core.Episode;
import dev.worldlens.core.Json;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.RgbImage;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static dev.worldlens.data.lerobot.LeRobotLayout.ident;
import static dev.worldlens.data.lerobot.LeRobotLayout.sqlPath;
import static dev.worldlens.data.lerobot.LeRobotLayout.sqlString;

/** Writes the frames of a group of episodes as one LeRobot v3.0 data parquet file. */
final class DataFileWriter {
    static final ObjectMapper COMPACT = Json.JSON.copy().disable(SerializationFeature.INDENT_OUTPUT);
    static final List<String> INDEX_FEATURES = List.of("frame_index", "episode_index", "index", "task_index");

    private final WriterSpec spec;

    DataFileWriter(WriterSpec spec) {
        this.spec = spec;
    }

    /** An episode made ready to append: PNG bytes per camera and frame, task index per frame. */
    private record Prepared(Episode episode, byte[][][] png, long[] taskIndex, EpisodeMetaRow meta) {
    }

    /**
     * Writes the episodes' frames to {@code target} (normally a temporary file the caller renames) and returns the
     * episodes-metadata rows describing them.
     *
     * @param firstIndex the global frame index of the first frame written
     */
    List<EpisodeMetaRow> write(DuckDBConnection c, Path target, int fileIndex, List<Episode> episodes,
                               long firstIndex, TaskTable tasks) throws SQLException {
        List<Prepared> prepared = new ArrayList<>();
        long index = firstIndex;
        for (Episode e : episodes) {
            check(e);
            // the episode's place in this file's videos: the frames before it in the file
            Prepared p = prepare(e, fileIndex, index, index - firstIndex, tasks);
            prepared.add(p);
            index += e.length();
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE frames (" + columnTypes() + ")");
        }
        try (DuckDBAppender a = c.createAppender("frames")) {
            for (Prepared p : prepared) {
                append(a, p);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("COPY frames TO " + sqlPath(target) + " (FORMAT PARQUET, COMPRESSION ZSTD, KV_METADATA "
                    + "{huggingface: " + sqlString(huggingFaceFeatures()) + "})");
            s.execute("DROP TABLE frames");
        }
        return prepared.stream().map(Prepared::meta).toList();
    }

    private String columnTypes() {
        List<String> cols = new ArrayList<>();
        cols.add(ident("action") + " FLOAT[" + spec.actionDim() + "]");
        if (spec.hasState()) {
            cols.add(ident("observation.state") + " FLOAT[" + spec.stateDim() + "]");
        }
        // a video feature is not in the parquet at all: its frames are in the mp4 files
        for (WriterSpec.Camera cam : imageCameras()) {
            cols.add(ident(cam.featureKey()) + " STRUCT(bytes BLOB, path VARCHAR)");
        }
        cols.add("\"timestamp\" FLOAT");
        for (String f : INDEX_FEATURES) {
            cols.add(ident(f) + " BIGINT");
        }
        return String.join(", ", cols);
    }

    private void append(DuckDBAppender a, Prepared p) throws SQLException {
        Episode e = p.episode();
        long from = p.meta().fromIndex();
        for (int t = 0; t < e.length(); t++) {
            a.beginRow();
            a.append(e.actions()[t]);
            if (spec.hasState()) {
                a.append(e.states()[t]);
            }
            for (int cam = 0; cam < imageCameras().size(); cam++) {
                a.beginStruct().append(p.png()[cam][t]).appendNull().endStruct();
            }
            a.append((float) (t / (double) spec.fps()));
            a.append((long) t).append((long) e.index()).append(from + t).append(p.taskIndex()[t]);
            a.endRow();
        }
    }

    private void check(Episode e) {
        String where = "episode " + e.index() + ": ";
        if (e.actionSchema().dim() != spec.actionDim()) {
            throw new IllegalArgumentException(where + "action dimension " + e.actionSchema().dim()
                    + ", the dataset's is " + spec.actionDim());
        }
        if (e.stateNames().size() != spec.stateDim()) {
            throw new IllegalArgumentException(where + "state dimension " + e.stateNames().size()
                    + ", the dataset's is " + spec.stateDim());
        }
        if (Math.abs(e.fps() - spec.fps()) > 1e-6) {
            throw new IllegalArgumentException(where + "fps " + e.fps() + ", the dataset's is " + spec.fps());
        }
        if (e.length() == 0) {
            throw new IllegalArgumentException(where + "has no frames");
        }
        List<String> want = spec.cameras().stream().map(WriterSpec.Camera::name).sorted().toList();
        List<String> have = e.frames().cameras().stream().sorted().toList();
        if (!want.equals(have)) {
            throw new IllegalArgumentException(where + "cameras " + have + ", the dataset's are " + want);
        }
        for (int t = 0; t < e.length(); t++) {
            for (float v : e.actions()[t]) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(where + "action at frame " + t + " is " + v);
                }
            }
        }
    }

    /** The cameras stored as PNG frames in the parquet: none when they go to mp4 files. */
    private List<WriterSpec.Camera> imageCameras() {
        return spec.videos() ? List.of() : spec.cameras();
    }

    private Prepared prepare(Episode e, int fileIndex, long from, long framesBefore, TaskTable tasks) {
        int n = e.length();
        List<WriterSpec.Camera> cams = spec.cameras();
        List<WriterSpec.Camera> pngCams = imageCameras();
        byte[][][] png = new byte[pngCams.size()][n][];
        Map<String, FeatureStats.Accumulator> acc = new LinkedHashMap<>();
        acc.put("action", new FeatureStats.Accumulator(spec.actionDim()));
        if (spec.hasState()) {
            acc.put("observation.state", new FeatureStats.Accumulator(spec.stateDim()));
        }
        for (WriterSpec.Camera cam : cams) {
            acc.put(cam.featureKey(), new FeatureStats.Accumulator(3));
        }
        acc.put("timestamp", new FeatureStats.Accumulator(1));
        for (String f : INDEX_FEATURES) {
            acc.put(f, FeatureStats.Accumulator.ofIntegers(1));
        }
        // PNG encoding dominates writing time; frames are independent, so encode them in parallel
        IntStream.range(0, pngCams.size() * n).parallel().forEach(k -> {
            WriterSpec.Camera cam = pngCams.get(k / n);
            RgbImage img = e.frames().frame(cam.name(), k % n);
            if (img.width() != cam.width() || img.height() != cam.height()) {
                throw new IllegalArgumentException("episode " + e.index() + ": camera '" + cam.name() + "' frame "
                        + (k % n) + " is " + img.width() + "x" + img.height() + ", expected " + cam.width() + "x"
                        + cam.height());
            }
            png[k / n][k % n] = PngCodec.encode(img);
        });
        long[] taskIndex = new long[n];
        LinkedHashSet<String> episodeTasks = new LinkedHashSet<>();
        for (int t = 0; t < n; t++) {
            String instruction = e.instructionAt(t);
            episodeTasks.add(instruction);
            taskIndex[t] = tasks.indexOf(instruction);
            acc.get("action").add(e.actions()[t]);
            if (spec.hasState()) {
                acc.get("observation.state").add(e.states()[t]);
            }
            acc.get("timestamp").add((float) (t / (double) spec.fps()));
            acc.get("frame_index").add(t);
            acc.get("episode_index").add(e.index());
            acc.get("index").add(from + t);
            acc.get("task_index").add(taskIndex[t]);
        }
        // LeRobot's image stats read an evenly spread sample of the episode's frames, not all of them
        for (int t : FeatureStats.sampledFrames(n)) {
            for (WriterSpec.Camera cam : cams) {
                acc.get(cam.featureKey()).addImage(e.frames().frame(cam.name(), t).rgb(), cam.width(),
                        cam.height());
            }
        }
        Map<String, FeatureStats> stats = new LinkedHashMap<>();
        acc.forEach((k, v) -> stats.put(k, v.stats()));
        double fps = spec.fps();
        EpisodeMetaRow meta = new EpisodeMetaRow(e.index(), List.copyOf(episodeTasks), n, fileIndex, from, from + n,
                framesBefore / fps, (framesBefore + n) / fps, stats, e.sceneId(), windowsJson(e.windows()),
                extrasJson(e.extras()));
        return new Prepared(e, png, taskIndex, meta);
    }

    static String windowsJson(List<LanguageWindow> windows) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (LanguageWindow w : windows) {
            ObjectNode o = list.addObject();
            o.put("start", w.start()).put("end", w.end()).put("task_id", w.taskId()).put("instruction",
                    w.instruction());
        }
        return list.toString();
    }

    static String extrasJson(Map<String, String> extras) {
        try {
            return COMPACT.writeValueAsString(new TreeMap<>(extras));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The "huggingface" schema metadata HF datasets writes, so that datasets.load_dataset sees Image and Sequence
     * features instead of a plain struct and lists.
     */
    private String huggingFaceFeatures() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode features = root.putObject("info").putObject("features");
        sequence(features.putObject("action"), spec.actionDim());
        if (spec.hasState()) {
            sequence(features.putObject("observation.state"), spec.stateDim());
        }
        for (WriterSpec.Camera cam : imageCameras()) {
            features.putObject(cam.featureKey()).put("_type", "Image");
        }
        features.putObject("timestamp").put("dtype", "float32").put("_type", "Value");
        for (String f : INDEX_FEATURES) {
            features.putObject(f).put("dtype", "int64").put("_type", "Value");
        }
        return root.toString();
    }

    private static void sequence(ObjectNode node, int length) {
        node.putObject("feature").put("dtype", "float32").put("_type", "Value");
        node.put("length", length).put("_type", "Sequence");
    }
}
