package dev.worldlens.core;

import java.util.List;
import java.util.Map;

/**
 * One recorded episode: T frames per camera, the action taken at each frame, the state observed at each frame, and
 * language windows saying which task was being done when.
 *
 * @param index       the episode's index in its dataset
 * @param sceneId     the scene it was recorded in (Tabletop A..D, CALVIN's env id, ...), or "" when unknown
 * @param frames      frames per camera, length T
 * @param actions     [T][A], the action applied after observing frame t
 * @param states      [T][S], the proprioceptive/simulator state at frame t (S may be 0)
 * @param windows     language annotations; an episode of one task has one window covering it
 * @param extras      per-episode facts that a source wants to keep (setting, seed, ...), never needed to use it
 */
public record Episode(int index, String sceneId, FrameSource frames, float[][] actions, float[][] states,
                      ActionSchema actionSchema, List<String> stateNames, List<LanguageWindow> windows,
                      double fps, Map<String, String> extras) {

    public Episode {
        int t = actions.length;
        if (frames.length() != t) {
            throw new IllegalArgumentException("episode " + index + ": " + frames.length() + " frames but " + t
                    + " actions");
        }
        if (states.length != t) {
            throw new IllegalArgumentException("episode " + index + ": " + states.length + " states but " + t
                    + " actions");
        }
        for (int i = 0; i < t; i++) {
            if (actions[i].length != actionSchema.dim()) {
                throw new IllegalArgumentException("episode " + index + ": action " + i + " has "
                        + actions[i].length + " values, the schema has " + actionSchema.dim());
            }
            if (states[i].length != stateNames.size()) {
                throw new IllegalArgumentException("episode " + index + ": state " + i + " has "
                        + states[i].length + " values, expected " + stateNames.size());
            }
        }
        stateNames = List.copyOf(stateNames);
        windows = List.copyOf(windows);
        extras = Map.copyOf(extras);
    }

    public int length() {
        return actions.length;
    }

    /** The instruction of the window covering frame t, or "" when none does. */
    public String instructionAt(int t) {
        for (LanguageWindow w : windows) {
            if (t >= w.start() && t < w.end()) {
                return w.instruction();
            }
        }
        return "";
    }

    /** The task id of the window covering frame t, or "" when none does. */
    public String taskIdAt(int t) {
        for (LanguageWindow w : windows) {
            if (t >= w.start() && t < w.end()) {
                return w.taskId();
            }
        }
        return "";
    }
}
