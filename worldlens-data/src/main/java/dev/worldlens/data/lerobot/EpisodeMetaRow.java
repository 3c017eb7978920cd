package dev.worldlens.data.lerobot;

import java.util.List;
import java.util.Map;

/**
 * One row of meta/episodes/chunk-XXX/file-YYY.parquet as the writer produces it: where the episode's frames are,
 * its per-episode stats, and the WorldLens facts LeRobot ignores.
 *
 * @param stats per feature key (action, observation.state, observation.images.top, timestamp, ...)
 */
record EpisodeMetaRow(int episodeIndex, List<String> tasks, int length, int fileIndex, long fromIndex, long toIndex,
                      Map<String, FeatureStats> stats, String sceneId, String windowsJson, String extrasJson) {
}
