package dev.worldlens.data.lerobot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.worldlens.data.video.VideoWriter;

import java.util.List;
import java.util.Map;

/** Builds the JSON files under meta/ that the writer produces: info.json, stats.json and worldlens.json. */
final class MetaJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MetaJson() {
    }

    /** meta/info.json in the shape of LeRobot v3.0 (see the rerun v30 fixture); features keep insertion order. */
    static ObjectNode info(WriterSpec spec, long episodes, long frames, long tasks) {
        ObjectNode info = NODES.objectNode();
        info.put("codebase_version", LeRobotLayout.CODEBASE_VERSION);
        info.put("robot_type", spec.robotType());
        info.put("total_episodes", episodes);
        info.put("total_frames", frames);
        info.put("total_tasks", tasks);
        info.put("chunks_size", LeRobotLayout.CHUNKS_SIZE);
        info.put("data_files_size_in_mb", 100);
        info.put("video_files_size_in_mb", 200);
        info.put("fps", spec.fps());
        info.putObject("splits").put("train", "0:" + episodes);
        info.put("data_path", LeRobotLayout.DATA_PATH);
        if (spec.videos()) {
            info.put("video_path", LeRobotLayout.VIDEO_PATH);
        } else {
            info.putNull("video_path");
        }
        ObjectNode features = info.putObject("features");
        feature(features, "action", "float32", List.of(spec.actionDim()), spec.actionSchema().names());
        if (spec.hasState()) {
            feature(features, "observation.state", "float32", List.of(spec.stateDim()), spec.stateNames());
        }
        for (WriterSpec.Camera cam : spec.cameras()) {
            ObjectNode f = feature(features, cam.featureKey(), spec.videos() ? "video" : "image",
                    List.of(cam.height(), cam.width(), 3), List.of("height", "width", "channels"));
            if (spec.videos()) {
                // the keys of LeRobot's get_video_info: the stream's, then the encoder settings, then the depth flag
                ObjectNode v = f.putObject("info");
                v.put("video.height", cam.height());
                v.put("video.width", cam.width());
                v.put("video.codec", spec.video().streamName());
                v.put("video.pix_fmt", "yuv420p");
                v.put("video.fps", spec.fps());
                v.put("video.channels", 3);
                v.put("has_audio", false);
                v.put("video.g", VideoFiles.GOP);
                Map<String, String> options = VideoWriter.options(VideoWriter.pick(spec.video()));
                if (options.containsKey("crf")) {
                    v.put("video.crf", Integer.parseInt(options.get("crf")));
                }
                v.put("video.preset", options.getOrDefault("preset", options.get("cpu-used")));
                v.put("is_depth_map", false);
            }
        }
        feature(features, "timestamp", "float32", List.of(1), null);
        for (String f : DataFileWriter.INDEX_FEATURES) {
            feature(features, f, "int64", List.of(1), null);
        }
        return info;
    }

    /** A feature as LeRobot records one: dtype, shape, names (no per-feature fps, which recording does not write). */
    private static ObjectNode feature(ObjectNode features, String key, String dtype, List<Integer> shape,
                                      List<String> names) {
        ObjectNode f = features.putObject(key);
        f.put("dtype", dtype);
        ArrayNode s = f.putArray("shape");
        shape.forEach(s::add);
        if (names == null) {
            f.putNull("names");
        } else {
            ArrayNode n = f.putArray("names");
            names.forEach(n::add);
        }
        return f;
    }

    /** meta/stats.json: per feature {min,max,mean,std,count,q01..q99}; images as [3][1][1] like LeRobot. */
    static ObjectNode stats(Map<String, FeatureStats> stats) {
        ObjectNode root = NODES.objectNode();
        stats.forEach((key, st) -> {
            ObjectNode f = root.putObject(key);
            boolean image = EpisodesMetaFile.isImage(key);
            values(f.putArray("min"), st.min(), image);
            values(f.putArray("max"), st.max(), image);
            values(f.putArray("mean"), st.mean(), image);
            values(f.putArray("std"), st.std(), image);
            f.putArray("count").add(st.count());
            if (st.quantiles() != null) {
                for (int k = 0; k < st.quantiles().length; k++) {
                    values(f.putArray(FeatureStats.QUANTILE_KEYS.get(k)), st.quantiles()[k], image);
                }
            }
        });
        return root;
    }

    private static void values(ArrayNode out, double[] v, boolean image) {
        for (double x : v) {
            if (image) {
                out.addArray().addArray().add(x);
            } else {
                out.add(x);
            }
        }
    }

    /** meta/worldlens.json: what LeRobot has no place for (action groups, what generated the data). */
    static ObjectNode worldlens(WriterSpec spec) {
        ObjectNode root = NODES.objectNode();
        ObjectNode groups = root.putObject("action_groups");
        spec.actionSchema().groups().forEach((name, dims) -> {
            ArrayNode a = groups.putArray(name);
            dims.forEach(a::add);
        });
        if (spec.generator() != null) {
            root.put("generator", spec.generator());
        }
        return root;
    }
}
