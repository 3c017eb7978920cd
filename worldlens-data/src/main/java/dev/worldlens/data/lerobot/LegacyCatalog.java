package dev.worldlens.data.lerobot;

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
 * The episode and task metadata of a v2.0/v2.1 dataset (meta/episodes.jsonl, meta/tasks.jsonl): one data file and
 * one mp4 per camera per episode, so an episode's file indices are its chunk and its own index.
 */
final class LegacyCatalog {
    private LegacyCatalog() {
    }

    /** Entries in episode_index order; chunkIndex is episode_index / chunks_size, fileIndex the episode index. */
    static List<EpisodesCatalog.Entry> episodes(Path root, int chunksSize, List<String> videoKeys) {
        Path file = root.resolve(LeRobotLayout.V2_EPISODES);
        List<EpisodesCatalog.Entry> out = new ArrayList<>();
        int line = 0;
        for (JsonNode row : lines(file)) {
            line++;
            JsonNode index = row.get("episode_index");
            JsonNode length = row.get("length");
            if (index == null || !index.canConvertToInt() || index.asInt() < 0) {
                throw new InvalidInputException(file, "episode_index", "line " + line + ": expected a non-negative "
                        + "integer, found " + index);
            }
            if (length == null || !length.canConvertToInt() || length.asInt() <= 0) {
                throw new InvalidInputException(file, "length", "line " + line + ": expected a positive frame count, "
                        + "found " + length);
            }
            int episode = index.asInt();
            Map<String, EpisodesCatalog.VideoRef> videos = new LinkedHashMap<>();
            // one mp4 per episode: its frames start at 0 and the file's end is the episode's end
            videoKeys.forEach(k -> videos.put(k, new EpisodesCatalog.VideoRef(episode / chunksSize, episode, 0,
                    Double.NaN)));
            out.add(new EpisodesCatalog.Entry(episode, length.asInt(), episode / chunksSize, episode, "", null, null,
                    videos));
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(file, null, "no episodes listed");
        }
        out.sort(java.util.Comparator.comparingInt(EpisodesCatalog.Entry::episodeIndex));
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).episodeIndex() == out.get(i - 1).episodeIndex()) {
                throw new InvalidInputException(file, "episode_index", "episode " + out.get(i).episodeIndex()
                        + " listed twice");
            }
        }
        return out;
    }

    /** Task strings by task_index, which must run 0..n-1 (in any line order). */
    static List<String> tasks(Path root) {
        Path file = root.resolve(LeRobotLayout.V2_TASKS);
        Map<Integer, String> byIndex = new java.util.TreeMap<>();
        for (JsonNode row : lines(file)) {
            JsonNode index = row.get("task_index");
            JsonNode task = row.get("task");
            if (index == null || !index.canConvertToInt() || task == null || !task.isTextual()) {
                throw new InvalidInputException(file, "task_index/task", "expected {\"task_index\": n, \"task\": "
                        + "\"...\"}, found " + row);
            }
            if (byIndex.put(index.asInt(), task.asText()) != null) {
                throw new InvalidInputException(file, "task_index", index.asInt() + " listed twice");
            }
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<Integer, String> e : byIndex.entrySet()) {
            if (e.getKey() != out.size()) {
                throw new InvalidInputException(file, "task_index", "expected " + out.size() + ", found "
                        + e.getKey() + " (task indices must run 0..n-1)");
            }
            out.add(e.getValue());
        }
        return out;
    }

    private static List<JsonNode> lines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, null, "not found");
        }
        List<JsonNode> out = new ArrayList<>();
        try {
            int n = 0;
            for (String text : Files.readAllLines(file)) {
                n++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode row = Json.JSON.readTree(text);
                if (row == null || !row.isObject()) {
                    throw new InvalidInputException(file, null, "line " + n + ": expected a JSON object");
                }
                out.add(row);
            }
        } catch (IOException e) {
            throw new InvalidInputException(file, null, "cannot read: " + e.getMessage(), e);
        }
        return out;
    }
}
