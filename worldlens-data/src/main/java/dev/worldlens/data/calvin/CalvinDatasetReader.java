package dev.worldlens.data.calvin;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.data.npy.NpyArray;
import dev.worldlens.data.npy.NpyFile;
import dev.worldlens.data.npy.NpzFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a CALVIN split folder (e.g. {@code task_D_D/training}) as WorldLens episodes. In CALVIN each
 * {@code episode_XXXXXXX.npz} is one <em>step</em>; the episodes are the inclusive [start, end] step ranges of
 * {@code ep_start_end_ids.npy}. Actions are {@code rel_actions} (or the absolute {@code actions}), states
 * {@code robot_obs}; cameras "static" and "gripper" (those of rgb_static / rgb_gripper present in the first
 * step), decoded from the step files when a frame is asked for. Language windows are the annotations of
 * {@code lang_annotations} that lie wholly inside an episode.
 */
public final class CalvinDatasetReader implements EpisodeSource {
    public static final String EP_START_END_IDS = "ep_start_end_ids.npy";
    public static final String IMAGE_PREFIX = "rgb_";
    public static final List<String> CAMERAS = List.of("static", "gripper");
    /** CALVIN records at 30 Hz. */
    public static final double FPS = 30;
    public static final ActionSchema ACTION_SCHEMA = new ActionSchema(
            List.of("x", "y", "z", "roll", "pitch", "yaw", "gripper"),
            Map.of(ActionSchema.TRANSLATION, List.of(0, 1, 2), ActionSchema.ROTATION, List.of(3, 4, 5),
                    ActionSchema.GRIPPER, List.of(6)));
    /** robot_obs: tcp position, tcp orientation (euler), gripper width, 7 arm joints, gripper action. */
    public static final List<String> STATE_NAMES = List.of("tcp_pos_x", "tcp_pos_y", "tcp_pos_z", "tcp_orn_x",
            "tcp_orn_y", "tcp_orn_z", "gripper_opening_width", "arm_joint_0", "arm_joint_1", "arm_joint_2",
            "arm_joint_3", "arm_joint_4", "arm_joint_5", "arm_joint_6", "gripper_action");
    private static final Pattern SPLIT = Pattern.compile("task_([A-Za-z]+)_([A-Za-z]+)");

    private final Path dir;
    private final long[][] ranges;
    private final List<CalvinLanguage.Annotation> annotations;
    private final String actionKey;
    private final String sceneId;
    private List<String> cameras;

    private CalvinDatasetReader(Path dir, long[][] ranges, List<CalvinLanguage.Annotation> annotations,
                                boolean absoluteActions) {
        this.dir = dir;
        this.ranges = ranges;
        this.annotations = annotations;
        this.actionKey = absoluteActions ? "actions" : "rel_actions";
        this.sceneId = sceneId(dir);
    }

    /** Opens a split with relative actions (rel_actions), the usual probe target. */
    public static CalvinDatasetReader open(Path splitDir) {
        return open(splitDir, false);
    }

    /** Opens a split; absoluteActions picks {@code actions} (absolute TCP pose + gripper) over rel_actions. */
    public static CalvinDatasetReader open(Path splitDir, boolean absoluteActions) {
        if (!Files.isDirectory(splitDir)) {
            throw new InvalidInputException(splitDir, null, "not a folder (expected a CALVIN split such as "
                    + "task_D_D/training)");
        }
        Path ids = splitDir.resolve(EP_START_END_IDS);
        if (!Files.isRegularFile(ids)) {
            throw new InvalidInputException(ids, null, "not found; a CALVIN split lists its episodes there");
        }
        NpyArray a = NpyFile.read(ids);
        int[] s = a.shape();
        if (a.isObject() || a.descr().startsWith("<f") || s.length != 2 || s[1] != 2) {
            throw new InvalidInputException(ids, "shape", "expected an [N,2] integer array of inclusive start/end "
                    + "step ids, found " + a.descr() + " " + Arrays.toString(s));
        }
        long[] flat = a.longs();
        long[][] ranges = new long[s[0]][];
        for (int i = 0; i < s[0]; i++) {
            ranges[i] = new long[]{flat[2 * i], flat[2 * i + 1]};
            if (ranges[i][0] < 0 || ranges[i][1] < ranges[i][0]) {
                throw new InvalidInputException(ids, "row " + i, "expected 0 <= start <= end, found "
                        + Arrays.toString(ranges[i]));
            }
            // an episode's arrays are sized from its range: a corrupt end must not become a 2e9-step allocation
            for (long step : ranges[i]) {
                Path file = splitDir.resolve(String.format("episode_%07d.npz", step));
                if (!Files.isRegularFile(file)) {
                    throw new InvalidInputException(ids, "row " + i, "episode " + i + " spans steps " + ranges[i][0]
                            + ".." + ranges[i][1] + ", but " + file.getFileName() + " is not in " + splitDir);
                }
            }
            if (ranges[i][1] - ranges[i][0] >= Integer.MAX_VALUE) {
                throw new InvalidInputException(ids, "row " + i, "episode " + i + " spans more than "
                        + Integer.MAX_VALUE + " steps: " + Arrays.toString(ranges[i]));
            }
        }
        return new CalvinDatasetReader(splitDir, ranges, CalvinLanguage.read(splitDir), absoluteActions);
    }

    /** The step file of a global step id. */
    public Path stepFile(long step) {
        return dir.resolve(String.format("episode_%07d.npz", step));
    }

    /** The inclusive [start, end] step ids of an episode. */
    public long[] range(int index) {
        return ranges[index].clone();
    }

    @Override
    public String name() {
        return "CALVIN split " + dir;
    }

    @Override
    public int size() {
        return ranges.length;
    }

    @Override
    public synchronized Episode episode(int index) {
        long start = ranges[index][0];
        int n = Math.toIntExact(ranges[index][1] - start + 1);
        float[][] actions = new float[n][];
        float[][] states = new float[n][];
        for (int t = 0; t < n; t++) {
            Path file = stepFile(start + t);
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(file, null, "not found: step " + (start + t) + " of episode "
                        + index + " (steps " + start + ".." + ranges[index][1] + " in " + EP_START_END_IDS + ")");
            }
            try (NpzFile step = NpzFile.open(file)) {
                actions[t] = vector(step, actionKey, 7, start + t);
                states[t] = vector(step, "robot_obs", STATE_NAMES.size(), start + t);
                if (cameras == null) {
                    cameras = CAMERAS.stream().filter(c -> step.has(IMAGE_PREFIX + c)).toList();
                }
            }
        }
        return new Episode(index, sceneId, new CalvinFrames(this, start, n, cameras), actions, states,
                ACTION_SCHEMA, STATE_NAMES, windows(start, ranges[index][1]),
                FPS, Map.of("calvin_start_step", Long.toString(start),
                        "calvin_end_step", Long.toString(ranges[index][1]), "calvin_actions", actionKey));
    }

    private static float[] vector(NpzFile step, String key, int length, long stepId) {
        NpyArray a = step.get(key);
        if (a.isObject() || a.size() != length || a.rank() != 1) {
            throw new InvalidInputException(step.file(), key, "expected " + length + " numbers, found "
                    + a.descr() + " " + Arrays.toString(a.shape()) + " (step " + stepId + ")");
        }
        float[] v = a.floats();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new InvalidInputException(step.file(), key, "value " + i + " is " + v[i] + " at step "
                        + stepId);
            }
        }
        return v;
    }

    /** Annotations lying wholly inside [start, end], made relative to the episode's first step. */
    private List<LanguageWindow> windows(long start, long end) {
        List<LanguageWindow> out = new ArrayList<>();
        for (CalvinLanguage.Annotation a : annotations) {
            if (a.start() >= start && a.end() <= end) {
                out.add(new LanguageWindow((int) (a.start() - start), (int) (a.end() - start + 1), a.task(),
                        a.instruction()));
            }
        }
        return out;
    }

    /**
     * The CALVIN environment of a split: "D" for task_D_D/training; for validation the letter after the
     * second underscore. Mixed training splits (task_ABC_D) give "ABC", since the per-step scene is not known
     * without scene_info.npy. "" when neither the folder nor its parent is named task_X_Y.
     */
    static String sceneId(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        boolean validation = abs.getFileName() != null && abs.getFileName().toString().equals("validation");
        // the split folder itself, or its parent (task_D_D/training)
        for (Path p : new Path[]{abs, abs.getParent()}) {
            if (p == null || p.getFileName() == null) {
                continue;
            }
            Matcher m = SPLIT.matcher(p.getFileName().toString());
            if (m.matches()) {
                return validation ? m.group(2) : m.group(1);
            }
        }
        return "";
    }
}
