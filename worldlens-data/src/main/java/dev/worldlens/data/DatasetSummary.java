package dev.worldlens.data;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.RgbImage;
import dev.worldlens.data.lerobot.LeRobotDatasetReader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A short, human-readable description of a dataset, for `worldlens data info` and logs. */
public final class DatasetSummary {
    /** How many instructions to list by name; the rest are only counted. */
    private static final int TOP_TASKS = 5;

    private DatasetSummary() {
    }

    /**
     * Reads every episode of the source; frames are not decoded, except the first frame per camera for its size
     * where the format does not record it. A LeRobot dataset is described from its metadata and rows alone, so a
     * copy without its videos is described too, naming the videos it lacks.
     */
    public static String describe(EpisodeSource src) {
        LeRobotDatasetReader lerobot = src instanceof LeRobotDatasetReader r ? r : null;
        int episodes = src.size();
        long frames = 0;
        Map<String, Integer> instructions = new LinkedHashMap<>();
        Map<String, Integer> scenes = new TreeMap<>();
        Map<String, String> cameras = new LinkedHashMap<>();
        ActionSchema schema = null;
        List<String> stateNames = List.of();
        double fps = 0;
        for (Episode e : src) {
            frames += e.length();
            if (schema == null) {
                schema = e.actionSchema();
                stateNames = e.stateNames();
                fps = e.fps();
                if (lerobot != null) {
                    cameras.putAll(lerobot.cameraSizes());
                } else {
                    for (String cam : e.frames().cameras()) {
                        RgbImage first = e.frames().frame(cam, 0);
                        cameras.put(cam, first.width() + "x" + first.height());
                    }
                }
            }
            for (LanguageWindow w : e.windows()) {
                instructions.merge(w.instruction(), 1, Integer::sum);
            }
            scenes.merge(e.sceneId().isEmpty() ? "(none)" : e.sceneId(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(src.name()).append('\n');
        sb.append("  episodes:     ").append(episodes).append('\n');
        sb.append("  frames:       ").append(frames).append('\n');
        if (schema == null) {
            return sb.toString();
        }
        sb.append("  fps:          ").append(format(fps)).append('\n');
        List<String> cams = new ArrayList<>();
        cameras.forEach((k, v) -> cams.add(k + " " + v));
        sb.append("  cameras:      ").append(cams.isEmpty() ? "(none)" : String.join(", ", cams)).append('\n');
        sb.append("  action:       ").append(schema.dim()).append(" ").append(schema.names()).append('\n');
        if (!schema.groups().isEmpty()) {
            sb.append("  groups:       ").append(schema.groups()).append('\n');
        }
        sb.append("  state:        ").append(stateNames.size())
                .append(stateNames.isEmpty() ? "" : " " + stateNames).append('\n');
        sb.append("  tasks:        ").append(instructions.size())
                .append(" distinct instructions (language windows each)\n");
        instructions.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(TOP_TASKS)
                .forEach(t -> sb.append("    ").append(String.format("%5d  ", t.getValue()))
                        .append(t.getKey().isEmpty() ? "(no instruction)" : t.getKey()).append('\n'));
        if (instructions.size() > TOP_TASKS) {
            sb.append("    ... ").append(instructions.size() - TOP_TASKS).append(" more\n");
        }
        sb.append("  scenes:       ");
        List<String> sceneCounts = new ArrayList<>();
        scenes.forEach((k, v) -> sceneCounts.add(k + " (" + v + ")"));
        sb.append(String.join(", ", sceneCounts)).append('\n');
        if (lerobot != null) {
            describeLeRobot(lerobot, sb);
        }
        return sb.toString();
    }

    /** The features of meta/info.json and the video files that are not on disk. */
    private static void describeLeRobot(LeRobotDatasetReader r, StringBuilder sb) {
        sb.append("  features:     ");
        List<String> features = new ArrayList<>();
        r.info().features().values().forEach(f -> features.add(f.key() + " " + f.dtype() + f.shape()));
        sb.append(String.join(", ", features)).append('\n');
        List<java.nio.file.Path> missing = r.missingVideos();
        if (!missing.isEmpty()) {
            sb.append("  missing:      ").append(missing.size()).append(" video file").append(missing.size() == 1
                    ? "" : "s").append(" (frames of their episodes cannot be read)\n");
            missing.stream().limit(TOP_TASKS).forEach(p -> sb.append("    ").append(p).append('\n'));
            if (missing.size() > TOP_TASKS) {
                sb.append("    ... ").append(missing.size() - TOP_TASKS).append(" more\n");
            }
        }
    }

    private static String format(double fps) {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps);
    }
}
