package dev.worldlens.core;

/**
 * One language annotation over frames [start, end) of an episode, as CALVIN's lang_annotations: the task that
 * was being done (a stable id such as {@code rotate_block_left/red}) and the instruction given for it.
 */
public record LanguageWindow(int start, int end, String taskId, String instruction) {
    public LanguageWindow {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("language window [" + start + ", " + end + ") is empty or negative");
        }
    }

    public int length() {
        return end - start;
    }
}
