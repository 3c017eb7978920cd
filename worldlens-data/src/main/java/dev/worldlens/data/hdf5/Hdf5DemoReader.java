package dev.worldlens.data.hdf5;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import dev.worldlens.core.LanguageWindow;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.FixedPoint;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a LIBERO or robomimic HDF5 demo file: {@code data/demo_N/{actions [T,A], states [T,S] (or
 * robot_states), obs/<camera> [T,H,W,3] uint8}}. Demos are ordered by N. Cameras are the obs datasets that are
 * 4-D one-byte integers with a last dimension of 3 (agentview_rgb, agentview_image, eye_in_hand_rgb, ...).
 * <p>
 * LIBERO stores its frames upside down (robosuite's OpenGL convention, rows bottom-up); with {@code upright}
 * frames are rotated 180 degrees (flipped vertically and horizontally), as LIBERO's own loaders and openpi do.
 * {@link #open(Path)} sets upright when the file looks like LIBERO (the data group has problem_info or
 * bddl_file_name, or its env_args mention libero) unless macros_image_convention says "opencv"; robomimic files
 * are left as stored. LIBERO's problem_info 'language_instruction' becomes one window over each demo.
 */
public final class Hdf5DemoReader implements EpisodeSource {
    /** LIBERO and robomimic both record at 20 Hz. */
    public static final double FPS = 20;
    private static final Pattern DEMO = Pattern.compile(".*?(\\d+)$");

    private final Path file;
    private final HdfFile hdf;
    private final List<Group> demos;
    private final boolean upright;
    private final boolean libero;
    private final String instruction;
    private final String taskId;
    private final String sceneId;

    private Hdf5DemoReader(Path file, HdfFile hdf, Group data, Boolean upright) {
        this.file = file;
        this.hdf = hdf;
        Map<String, String> attrs = stringAttributes(data);
        String env = attrs.getOrDefault("env_args", "").toLowerCase();
        this.libero = attrs.containsKey("problem_info") || attrs.containsKey("bddl_file_name")
                || env.contains("libero");
        this.upright = upright != null ? upright
                : libero && !"opencv".equalsIgnoreCase(attrs.getOrDefault("macros_image_convention", ""));
        JsonNode problem = json(attrs.get("problem_info"), "data/problem_info");
        this.instruction = problem.path("language_instruction").asText("");
        this.taskId = problem.path("problem_name").asText(instruction);
        String envName = attrs.getOrDefault("env_name", json(attrs.get("env_args"), "data/env_args")
                .path("env_name").asText(""));
        this.sceneId = envName;
        List<Group> found = new ArrayList<>();
        for (Node n : data.getChildren().values()) {
            if (n instanceof Group g) {
                found.add(g);
            }
        }
        found.sort(Comparator.comparingLong(Hdf5DemoReader::demoNumber).thenComparing(Node::getName));
        this.demos = found;
    }

    /** Opens a file, turning frames upright when it looks like LIBERO. */
    public static Hdf5DemoReader open(Path file) {
        return open(file, null);
    }

    /** Opens a file; upright null means "decide from the file's attributes". */
    public static Hdf5DemoReader open(Path file, Boolean upright) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, null, "not found");
        }
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (RuntimeException e) {
            throw new InvalidInputException(file, null, "not a readable HDF5 file (truncated or another format): "
                    + e.getMessage(), e);
        }
        try {
            Node data = hdf.getChildren().get("data");
            if (!(data instanceof Group g)) {
                throw new InvalidInputException(file, "data", "missing: expected a 'data' group holding demo_N "
                        + "groups (LIBERO / robomimic layout)");
            }
            return new Hdf5DemoReader(file, hdf, g, upright);
        } catch (RuntimeException e) {
            hdf.close();
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException(file, null, "cannot read (truncated or corrupt HDF5?): "
                    + e.getMessage(), e);
        }
    }

    public boolean upright() {
        return upright;
    }

    public boolean isLibero() {
        return libero;
    }

    /** Demo group names in episode order. */
    public List<String> demoNames() {
        return demos.stream().map(Node::getName).toList();
    }

    /** robomimic filter keys: mask/&lt;name&gt; lists of demo names (train, valid, ...); empty when absent. */
    public synchronized Map<String, List<String>> splits() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (!(hdf.getChildren().get("mask") instanceof Group mask)) {
            return out;
        }
        for (Node n : mask.getChildren().values()) {
            if (n instanceof Dataset ds) {
                List<String> names = new ArrayList<>();
                Object data = ds.getDataFlat();
                for (int i = 0; i < Array.getLength(data); i++) {
                    Object v = Array.get(data, i);
                    names.add(v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8).trim()
                            : String.valueOf(v).trim());
                }
                out.put(n.getName(), names);
            }
        }
        return out;
    }

    @Override
    public String name() {
        return (libero ? "LIBERO" : "robomimic") + " HDF5 " + file;
    }

    @Override
    public int size() {
        return demos.size();
    }

    @Override
    public synchronized Episode episode(int index) {
        try {
            return read(index);
        } catch (io.jhdf.exceptions.HdfException | IllegalArgumentException | IllegalStateException
                 | IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            // jHDF reads groups and datasets lazily: damage past the superblock surfaces here, as its own exception
            throw new InvalidInputException(file, demos.get(index).getPath(), "cannot read (truncated or corrupt "
                    + "HDF5?): " + e.getMessage(), e);
        }
    }

    private Episode read(int index) {
        Group demo = demos.get(index);
        String where = "data/" + demo.getName();
        Dataset actionsDs = dataset(demo, "actions");
        if (actionsDs == null) {
            throw new InvalidInputException(file, where + "/actions", "missing: every demo needs actions");
        }
        float[][] actions = matrix(actionsDs, where + "/actions");
        int t = actions.length;
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < actions[i].length; j++) {
                if (!Float.isFinite(actions[i][j])) {
                    throw new InvalidInputException(file, where + "/actions", "value " + j + " of step " + i
                            + " is " + actions[i][j]);
                }
            }
        }
        Dataset statesDs = dataset(demo, "states") != null ? dataset(demo, "states") : dataset(demo, "robot_states");
        float[][] states = statesDs == null ? new float[t][0] : matrix(statesDs, statesDs.getPath());
        if (states.length != t) {
            throw new InvalidInputException(file, statesDs.getPath(), demo.getName() + " has " + states.length
                    + " states but " + t + " actions");
        }
        Map<String, Dataset> cameras = cameras(demo, where, t);
        int dim = t == 0 ? actionsDs.getDimensions()[actionsDs.getDimensions().length - 1] : actions[0].length;
        int s = states.length == 0 || t == 0 ? 0 : states[0].length;
        List<String> stateNames = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            stateNames.add("s" + i);
        }
        List<LanguageWindow> windows = instruction.isEmpty() || t == 0 ? List.of()
                : List.of(new LanguageWindow(0, t, taskId, instruction));
        return new Episode(index, sceneId, new Hdf5Frames(file, this, cameras, t, upright), actions, states,
                schema(dim), stateNames, windows, FPS, Map.of("demo", demo.getName()));
    }

    /** x,y,z,roll,pitch,yaw,gripper with groups for 7-D actions (OSC_POSE delta + gripper); else a0..aN. */
    static ActionSchema schema(int dim) {
        if (dim == 7) {
            return new ActionSchema(List.of("x", "y", "z", "roll", "pitch", "yaw", "gripper"),
                    Map.of(ActionSchema.TRANSLATION, List.of(0, 1, 2), ActionSchema.ROTATION, List.of(3, 4, 5),
                            ActionSchema.GRIPPER, List.of(6)));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < dim; i++) {
            names.add("a" + i);
        }
        return ActionSchema.ungrouped(names);
    }

    private Map<String, Dataset> cameras(Group demo, String where, int t) {
        Map<String, Dataset> out = new LinkedHashMap<>();
        // robomimic and LIBERO write an obs group in every demo, cameras or not: without one the file is not theirs
        if (!(demo.getChildren().get("obs") instanceof Group obs)) {
            throw new InvalidInputException(file, where + "/obs", "missing: a demo holds its observations (camera "
                    + "frames [T,H,W,3] uint8 and low-dimensional ones) in an obs group");
        }
        for (Node n : obs.getChildren().values()) {
            if (n instanceof Dataset ds && ds.getDimensions().length == 4 && ds.getDimensions()[3] == 3
                    && ds.getDataType() instanceof FixedPoint fp && fp.getSize() == 1) {
                int frames = ds.getDimensions()[0];
                if (frames != t) {
                    throw new InvalidInputException(file, where + "/obs/" + n.getName(), demo.getName() + " has "
                            + frames + " frames but " + t + " actions");
                }
                out.put(n.getName(), ds);
            }
        }
        return out;
    }

    private float[][] matrix(Dataset ds, String field) {
        int[] d = ds.getDimensions();
        if (d.length != 2 && d.length != 1) {
            throw new InvalidInputException(file, field, "expected a [T,N] array, found shape " + Arrays.toString(d));
        }
        int rows = d[0];
        int cols = d.length == 2 ? d[1] : 1;
        Object flat = ds.getDataFlat();
        float[][] out = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                Object v = Array.get(flat, i * cols + j);
                if (!(v instanceof Number num)) {
                    throw new InvalidInputException(file, field, "expected numbers, found " + ds.getJavaType());
                }
                out[i][j] = num.floatValue();
            }
        }
        return out;
    }

    private static Dataset dataset(Group g, String name) {
        return g.getChildren().get(name) instanceof Dataset ds ? ds : null;
    }

    private static long demoNumber(Group g) {
        Matcher m = DEMO.matcher(g.getName());
        return m.matches() && m.group(1).length() < 18 ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }

    private static Map<String, String> stringAttributes(Group g) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Attribute> e : g.getAttributes().entrySet()) {
            Object v = e.getValue().getData();
            if (v instanceof String s) {
                out.put(e.getKey(), s);
            } else if (v instanceof String[] a && a.length == 1) {
                out.put(e.getKey(), a[0]);
            } else if (v != null) {
                out.put(e.getKey(), String.valueOf(v));
            }
        }
        return out;
    }

    private JsonNode json(String text, String field) {
        if (text == null || text.isBlank()) {
            return Json.JSON.missingNode();
        }
        try {
            return Json.JSON.readTree(text);
        } catch (IOException e) {
            throw new InvalidInputException(file, field, "not valid JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        hdf.close();
    }
}
