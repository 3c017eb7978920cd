package dev.worldlens.data.lerobot;

import java.util.List;
import java.util.Map;

/**
 * One row of meta/episodes/chunk-XXX/file-YYY.parquet as the writer produces it: where the episode's frames are,
 * its per-episode stats, and the WorldLens facts LeRobot ignores.
 *
 * @param videoFrom where the episode starts in its file's videos, seconds ({@code videos/<key>/from_timestamp};
 *                  every camera's mp4 holds the same episodes), unused when the cameras are stored as images
 * @param videoTo   where it ends ({@code videos/<key>/to_timestamp})
 * @param stats     per feature key (action, observation.state, observation.images.top, timestamp, ...)
 */
record EpisodeMetaRow(int episodeIndex, List<String> tasks, int length, int fileIndex, long fromIndex, long toIndex,
                      double videoFrom, double videoTo, Map<String, FeatureStats> stats, String sceneId,
                      String windowsJson, String extrasJson) {
}
