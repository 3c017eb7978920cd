package dev.worldlens.core.split;

import java.util.Set;

/**
 * What a split needs to know about an episode: its scene and the task families it contains (a task id up to its
 * '/': rotate_block_left/red belongs to family rotate_block_left, so holding out a family holds out every colour).
 */
public record EpisodeInfo(int position, int index, String sceneId, Set<String> taskFamilies, int length) {

    public static String family(String taskId) {
        int slash = taskId.indexOf('/');
        return slash < 0 ? taskId : taskId.substring(0, slash);
    }
}
