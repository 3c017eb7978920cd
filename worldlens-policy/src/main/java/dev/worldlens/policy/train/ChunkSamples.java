package dev.worldlens.policy.train;

import dev.worldlens.core.Episode;
import dev.worldlens.core.Fingerprint;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.RgbImage;
import dev.worldlens.policy.Observation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage-2 samples as VPP draws them from CALVIN's language annotations: every frame t inside a language window gives
 * (the observation at t, the window's instruction and task id, the actions t .. t+H-1). The chunk stops at the
 * window's end: past it, it is padded with the action of standing still (no motion, the window's last gripper
 * command), which is what the robot does once the task is done. VPP's rel_actions[idx : idx+10] run on into whatever
 * the episode did next; in the quick preset's play data 18% of chunks did, teaching the start of the next task as
 * part of this one's instruction.
 */
public final class ChunkSamples {
    private final List<Episode> episodes;
    private final int horizon;
    private final int actionDim;
    private final int[] episode;
    private final int[] frame;
    private final String[] instruction;
    private final String[] taskId;
    private final float[][] chunk;
    private final int stride;

    private ChunkSamples(List<Episode> episodes, int horizon, int actionDim, int stride, int[] episode, int[] frame,
                         String[] instruction, String[] taskId, float[][] chunk) {
        this.episodes = episodes;
        this.horizon = horizon;
        this.stride = stride;
        this.actionDim = actionDim;
        this.episode = episode;
        this.frame = frame;
        this.instruction = instruction;
        this.taskId = taskId;
        this.chunk = chunk;
    }

    /**
     * The samples of every language window of {@code episodes}; actions must have {@code actionDim} values, and
     * at least one window must exist ({@code role} names the episode set in messages, e.g. "training episodes").
     */
    public static ChunkSamples of(List<Episode> episodes, int horizon, int actionDim, String role) {
        return of(episodes, horizon, actionDim, 1, role);
    }

    /**
     * As {@link #of(List, int, int, String)}, keeping every {@code stride}-th frame of each window from its first:
     * neighbouring frames give nearly the same sample, and features as large as VPP's at 64 px would otherwise
     * fill gigabytes per hundred episodes.
     */
    public static ChunkSamples of(List<Episode> episodes, int horizon, int actionDim, int stride, String role) {
        if (stride < 1) {
            throw new IllegalArgumentException("sample stride must be at least 1, got " + stride);
        }
        List<int[]> where = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<String> tasks = new ArrayList<>();
        for (int e = 0; e < episodes.size(); e++) {
            Episode ep = episodes.get(e);
            if (ep.actionSchema().dim() != actionDim) {
                throw new InvalidInputException("episode " + ep.index() + " of the " + role, "action",
                        "has " + ep.actionSchema().dim() + " values per action, the policy's head predicts "
                                + actionDim);
            }
            for (int t = 0; t < ep.length(); t++) {
                for (float v : ep.actions()[t]) {
                    if (!Float.isFinite(v)) {
                        throw new InvalidInputException("episode " + ep.index() + " of the " + role, "action",
                                "frame " + t + " holds a non-finite value");
                    }
                }
            }
            for (LanguageWindow w : ep.windows()) {
                if (w.end() > ep.length()) {
                    throw new InvalidInputException("episode " + ep.index() + " of the " + role, "language window",
                            "[" + w.start() + ", " + w.end() + ") runs past the episode's " + ep.length() + " frames");
                }
                for (int t = w.start(); t < w.end(); t += stride) {
                    where.add(new int[]{e, t, w.end()});
                    texts.add(w.instruction());
                    tasks.add(w.taskId());
                }
            }
        }
        if (where.isEmpty()) {
            throw new InvalidInputException(role, "language windows", "none of the " + episodes.size()
                    + " episodes has a language window, so there is no instruction to train on");
        }
        int n = where.size();
        int[] ep = new int[n];
        int[] fr = new int[n];
        float[][] chunks = new float[n][];
        for (int i = 0; i < n; i++) {
            ep[i] = where.get(i)[0];
            fr[i] = where.get(i)[1];
            chunks[i] = chunkAt(episodes.get(ep[i]), fr[i], where.get(i)[2], horizon, actionDim);
        }
        return new ChunkSamples(List.copyOf(episodes), horizon, actionDim, stride, ep, fr, texts.toArray(new String[0]),
                tasks.toArray(new String[0]), chunks);
    }

    /** The actions t .. t+H-1 of a window ending (exclusive) at {@code end}, standing still past it. */
    static float[] chunkAt(Episode ep, int t, int end, int horizon, int actionDim) {
        float[] out = new float[horizon * actionDim];
        float[][] actions = ep.actions();
        int last = Math.min(ep.length(), end) - 1;
        for (int h = 0; h < horizon; h++) {
            int s = t + h;
            if (s <= last) {
                System.arraycopy(actions[s], 0, out, h * actionDim, actionDim);
            } else {
                // standing still: zero motion, the gripper as last commanded
                out[h * actionDim + actionDim - 1] = actions[last][actionDim - 1];
            }
        }
        return out;
    }

    public int size() {
        return episode.length;
    }

    public int horizon() {
        return horizon;
    }

    public int actionDim() {
        return actionDim;
    }

    /** Every how many frames of a window a sample was taken. */
    public int stride() {
        return stride;
    }

    public String instruction(int i) {
        return instruction[i];
    }

    /** The task id of sample i's window (several instructions may name one task). */
    public String taskId(int i) {
        return taskId[i];
    }

    /** Sample indices grouped by task id, the groups in task-id order: what task-balanced draws pick from. */
    public int[][] indicesByTask() {
        Map<String, List<Integer>> groups = new java.util.TreeMap<>();
        for (int i = 0; i < size(); i++) {
            groups.computeIfAbsent(taskId[i], k -> new ArrayList<>()).add(i);
        }
        return groups.values().stream().map(g -> g.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    /** The demonstrated chunk of sample i, [H * A] row-major. */
    public float[] chunk(int i) {
        return chunk[i];
    }

    /** Sample i's episode (its position in the list given) and frame. */
    public int episode(int i) {
        return episode[i];
    }

    public int frame(int i) {
        return frame[i];
    }

    /** The state at sample i (empty when the episodes have none), without reading any frame. */
    public float[] state(int i) {
        Episode ep = episodes.get(episode[i]);
        return ep.states().length > 0 ? ep.states()[frame[i]] : new float[0];
    }

    /** What the policy sees at sample i: every camera's frame, the state and the instruction. */
    public Observation observation(int i) {
        Episode ep = episodes.get(episode[i]);
        Map<String, RgbImage> images = new LinkedHashMap<>();
        for (String camera : ep.frames().cameras()) {
            images.put(camera, ep.frames().frame(camera, frame[i]));
        }
        return new Observation(images, state(i), instruction[i]);
    }

    /** Up to {@code count} sample indices spread evenly over all samples (all when there are fewer). */
    public int[] spread(int count) {
        int n = Math.min(count, size());
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) ((long) i * size() / n);
        }
        return out;
    }

    /** A fingerprint of what the samples hold (episode indices, frames, instructions, chunks). */
    public String fingerprint() {
        Fingerprint f = new Fingerprint();
        for (int i = 0; i < size(); i++) {
            f.add(episodes.get(episode[i]).index()).add(frame[i]).add(instruction[i]).add(taskId[i]).add(chunk[i]);
        }
        return f.hex();
    }
}
