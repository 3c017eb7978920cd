package dev.worldlens.data.lerobot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed meta/info.json of a LeRobot dataset, of any codebase version: the reader decides which versions it
 * supports, this class only checks that the file is well formed.
 *
 * @param features in file order
 */
public record LeRobotInfo(Path file, String codebaseVersion, int fps, String robotType, long totalEpisodes,
                          long totalFrames, long totalTasks, int chunksSize, String dataPath, String videoPath,
                          Map<String, Feature> features) {

    /**
     * One entry of "features".
     *
     * @param names     dimension or axis names, or null when the file has none
     * @param videoInfo the "info" block of a video feature (or "video_info" in datasets converted from v1), or null
     */
    public record Feature(String key, String dtype, List<Integer> shape, List<String> names, JsonNode videoInfo) {
        public boolean isImage() {
            return dtype.equals("image");
        }

        public boolean isVideo() {
            return dtype.equals("video");
        }

        /** Size of the named axis ("height", "width"); images are [H,W,3] or [3,H,W], so only names tell. */
        int axis(String name) {
            return names == null ? -1 : shape.get(names.indexOf(name));
        }
    }

    public LeRobotInfo {
        features = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    public static Path fileOf(Path root) {
        return root.resolve(LeRobotLayout.INFO);
    }

    /** Reads and checks {@code <root>/meta/info.json}. */
    public static LeRobotInfo read(Path root) {
        Path file = fileOf(root);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, null, "not found; is " + root + " a LeRobot dataset?");
        }
        JsonNode json;
        try {
            json = Json.JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file, null, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidInputException(file, null, "cannot read: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new InvalidInputException(file, null, "expected a JSON object");
        }
        return parse(file, json);
    }

    static LeRobotInfo parse(Path file, JsonNode json) {
        JsonNode version = json.get("codebase_version");
        if (version == null || !version.isTextual()) {
            throw new InvalidInputException(file, "codebase_version", version == null ? "missing"
                    : "expected a string such as \"v3.0\", found " + version);
        }
        int fps = positiveInt(file, json, "fps", true, 0);
        JsonNode features = json.get("features");
        if (features == null || !features.isObject() || features.isEmpty()) {
            throw new InvalidInputException(file, "features", features == null ? "missing"
                    : "expected a non-empty object, found " + features);
        }
        Map<String, Feature> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : features.properties()) {
            parsed.put(e.getKey(), feature(file, e.getKey(), e.getValue()));
        }
        return new LeRobotInfo(file, version.asText(), fps, text(file, json, "robot_type", ""),
                count(file, json, "total_episodes"), count(file, json, "total_frames"),
                count(file, json, "total_tasks"), positiveInt(file, json, "chunks_size", false, 1000),
                template(file, "data_path", text(file, json, "data_path", LeRobotLayout.DATA_PATH)),
                template(file, "video_path", text(file, json, "video_path", null)), parsed);
    }

    /** A path template holding only the fields LeRobot's v2.x and v3.0 templates use. */
    private static String template(Path file, String field, String template) {
        if (template != null) {
            // metadata names files inside its dataset: no absolute path, no way up
            if (template.startsWith("/") || java.util.Arrays.asList(template.split("[/\\\\]")).contains("..")) {
                throw new InvalidInputException(file, field, "'" + template + "' leads out of the dataset folder; "
                        + "expected a relative path such as " + LeRobotLayout.DATA_PATH);
            }
            String unknown = LeRobotLayout.unknownField(template);
            if (unknown != null) {
                throw new InvalidInputException(file, field, "unknown template field {" + unknown + "} in '"
                        + template + "'; expected fields of " + LeRobotLayout.TEMPLATE_FIELDS);
            }
        }
        return template;
    }

    private static Feature feature(Path file, String key, JsonNode node) {
        String field = "features." + key;
        if (!node.isObject()) {
            throw new InvalidInputException(file, field, "expected an object, found " + node);
        }
        JsonNode dtype = node.get("dtype");
        if (dtype == null || !dtype.isTextual()) {
            throw new InvalidInputException(file, field + ".dtype", "expected a string, found " + dtype);
        }
        JsonNode shape = node.get("shape");
        if (shape == null || !shape.isArray() || shape.isEmpty()) {
            throw new InvalidInputException(file, field + ".shape", "expected a list of sizes, found " + shape);
        }
        List<Integer> sizes = new ArrayList<>();
        for (JsonNode s : shape) {
            if (!s.canConvertToInt() || !s.isIntegralNumber() || s.asInt() < 0) {
                throw new InvalidInputException(file, field + ".shape", "expected non-negative integers, found "
                        + shape);
            }
            sizes.add(s.asInt());
        }
        List<String> names = names(file, field, node.get("names"));
        if (names != null && (dtype.asText().equals("image") || dtype.asText().equals("video"))
                && names.size() != sizes.size()) {
            throw new InvalidInputException(file, field + ".names", names.size() + " axis names for shape "
                    + sizes);
        }
        JsonNode videoInfo = node.has("info") ? node.get("info") : node.get("video_info");
        return new Feature(key, dtype.asText(), List.copyOf(sizes), names, videoInfo);
    }

    /** names is null, a list, or (older datasets) an object holding one list such as {"motors": [...]}. */
    private static List<String> names(Path file, String field, JsonNode names) {
        if (names == null || names.isNull()) {
            return null;
        }
        if (names.isObject() && names.size() == 1 && names.elements().next().isArray()) {
            names = names.elements().next();
        }
        if (!names.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : names) {
            if (!n.isTextual()) {
                throw new InvalidInputException(file, field + ".names", "expected strings, found " + names);
            }
            out.add(n.asText());
        }
        return List.copyOf(out);
    }

    private static int positiveInt(Path file, JsonNode json, String field, boolean required, int fallback) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidInputException(file, field, "missing; expected a positive integer");
            }
            return fallback;
        }
        // 30.0 is accepted: some converters write fps as a float
        if (!n.isNumber() || n.asDouble() != Math.rint(n.asDouble()) || n.asDouble() <= 0
                || n.asDouble() > Integer.MAX_VALUE) {
            throw new InvalidInputException(file, field, "expected a positive integer, found " + n);
        }
        return (int) n.asDouble();
    }

    private static long count(Path file, JsonNode json, String field) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isIntegralNumber() || n.asLong() < 0) {
            throw new InvalidInputException(file, field, "expected a non-negative integer, found " + n);
        }
        return n.asLong();
    }

    private static String text(Path file, JsonNode json, String field, String fallback) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw new InvalidInputException(file, field, "expected a string, found " + n);
        }
        return n.asText();
    }
}
