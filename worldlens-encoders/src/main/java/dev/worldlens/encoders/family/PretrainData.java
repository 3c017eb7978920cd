package dev.worldlens.encoders.family;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Progress;
import dev.worldlens.encoders.ImagePreprocessor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The frames and actions of the training episodes, held in memory as bytes (CHW, resized to the model's input side)
 * so that every pretraining step can draw random clips and transitions without touching the disk. Pixels handed out
 * are normalised to [-1, 1]; actions are standardised with the statistics of the episodes held here.
 */
public final class PretrainData {
    /** Pixels p in [0, 1] are given to models as (p - MEAN) / STD, i.e. in [-1, 1]. */
    public static final float[] MEAN = {0.5f, 0.5f, 0.5f};
    public static final float[] STD = {0.5f, 0.5f, 0.5f};

    private final int size;
    private final int actionDim;
    private final List<byte[][]> frames; // per episode: [T][3*S*S]
    private final List<float[][]> actions; // per episode: [T][A], standardised
    private final int totalFrames;

    private PretrainData(int size, int actionDim, List<byte[][]> frames, List<float[][]> actions) {
        this.size = size;
        this.actionDim = actionDim;
        this.frames = frames;
        this.actions = actions;
        int n = 0;
        for (byte[][] f : frames) {
            n += f.length;
        }
        this.totalFrames = n;
    }

    /**
     * Reads the listed episodes' frames of {@code camera}, resized to {@code size}, stepping the caller's {@code bar}
     * by each episode's frames as it is read.
     */
    public static PretrainData load(EpisodeSource source, List<Integer> episodes, String camera, int size,
                                    Progress.Bar bar) {
        if (episodes.isEmpty()) {
            throw new InvalidInputException(source.name(), "episodes", "no training episode to pretrain on");
        }
        ImagePreprocessor pre = new ImagePreprocessor(size, size, new float[]{0, 0, 0}, new float[]{1, 1, 1});
        List<byte[][]> frames = new ArrayList<>();
        List<float[][]> actions = new ArrayList<>();
        int a = -1;
        float[] chw = new float[pre.frameSize()];
        for (int index : episodes) {
            Episode ep = source.episode(index);
            if (!ep.frames().cameras().contains(camera)) {
                throw new InvalidInputException(source.name(), "camera", "episode " + ep.index() + " has no camera '"
                        + camera + "'; cameras are " + ep.frames().cameras());
            }
            if (a < 0) {
                a = ep.actionSchema().dim();
            } else if (a != ep.actionSchema().dim()) {
                throw new InvalidInputException(source.name(), "action", "episode " + ep.index() + " has "
                        + ep.actionSchema().dim() + " action values, earlier episodes " + a);
            }
            byte[][] f = new byte[ep.length()][];
            for (int t = 0; t < ep.length(); t++) {
                pre.toChw(ep.frames().frame(camera, t), chw, 0);
                byte[] q = new byte[chw.length];
                for (int i = 0; i < chw.length; i++) {
                    q[i] = (byte) Math.round(Math.max(0f, Math.min(1f, chw[i])) * 255f);
                }
                f[t] = q;
            }
            frames.add(f);
            float[][] acts = new float[ep.length()][];
            for (int t = 0; t < ep.length(); t++) {
                for (float v : ep.actions()[t]) {
                    if (!Float.isFinite(v)) {
                        throw new InvalidInputException(source.name(), "action", "episode " + ep.index() + " frame "
                                + t + " has a non-finite action value " + v);
                    }
                }
                acts[t] = ep.actions()[t].clone();
            }
            actions.add(acts);
            bar.step(ep.length());
        }
        float[] mean = new float[a];
        float[] std = new float[a];
        int n = 0;
        for (float[][] ep : actions) {
            for (float[] row : ep) {
                for (int j = 0; j < a; j++) {
                    mean[j] += row[j];
                }
                n++;
            }
        }
        for (int j = 0; j < a; j++) {
            mean[j] /= n;
        }
        for (float[][] ep : actions) {
            for (float[] row : ep) {
                for (int j = 0; j < a; j++) {
                    std[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
                }
            }
        }
        for (int j = 0; j < a; j++) {
            double s = Math.sqrt(std[j] / n);
            std[j] = s < 1e-6 ? 1f : (float) s;
        }
        for (float[][] ep : actions) {
            for (float[] row : ep) {
                for (int j = 0; j < a; j++) {
                    row[j] = (row[j] - mean[j]) / std[j];
                }
            }
        }
        return new PretrainData(size, a, frames, actions);
    }

    public int size() {
        return size;
    }

    public int actionDim() {
        return actionDim;
    }

    public int episodes() {
        return frames.size();
    }

    public int frames() {
        return totalFrames;
    }

    /**
     * {@code batch} clips of {@code length} frames, {@code stride} frames apart, from uniformly drawn episodes and
     * start frames (a clip longer than its episode repeats the last frame).
     */
    public ClipBatch clips(SplittableRandom rng, int batch, int length, int stride) {
        int fs = 3 * size * size;
        float[] pixels = new float[batch * length * fs];
        float[] acts = new float[batch * length * actionDim];
        int span = (length - 1) * stride;
        for (int b = 0; b < batch; b++) {
            int e = rng.nextInt(frames.size());
            byte[][] ep = frames.get(e);
            int start = rng.nextInt(Math.max(1, ep.length - span));
            for (int i = 0; i < length; i++) {
                int t = Math.min(ep.length - 1, start + i * stride);
                writeFrame(ep[t], pixels, (b * length + i) * fs);
                System.arraycopy(actions.get(e)[t], 0, acts, (b * length + i) * actionDim, actionDim);
            }
        }
        return new ClipBatch(batch, length, size, pixels, actionDim, acts);
    }

    /**
     * {@code batch} transitions (t, t+k) with the clip of {@code length} frames ending at each (the episode's first
     * frame repeated before its start, as the encode job does) and the action a_t.
     */
    public PairBatch pairs(SplittableRandom rng, int batch, int length, int k) {
        int fs = 3 * size * size;
        float[] before = new float[batch * length * fs];
        float[] after = new float[batch * length * fs];
        float[] acts = new float[batch * actionDim];
        for (int b = 0; b < batch; b++) {
            int e;
            do {
                e = rng.nextInt(frames.size());
            } while (frames.get(e).length <= k);
            byte[][] ep = frames.get(e);
            int t = rng.nextInt(ep.length - k);
            for (int i = 0; i < length; i++) {
                writeFrame(ep[Math.max(0, t - (length - 1) + i)], before, (b * length + i) * fs);
                writeFrame(ep[Math.max(0, t + k - (length - 1) + i)], after, (b * length + i) * fs);
            }
            System.arraycopy(actions.get(e)[t], 0, acts, b * actionDim, actionDim);
        }
        return new PairBatch(batch, length, size, before, after, actionDim, acts);
    }

    private static void writeFrame(byte[] chw, float[] out, int offset) {
        for (int i = 0; i < chw.length; i++) {
            out[offset + i] = (chw[i] & 0xff) * (2f / 255f) - 1f;
        }
    }

    /** True when some episode is long enough for transitions k frames apart. */
    public boolean hasPairs(int k) {
        for (byte[][] f : frames) {
            if (f.length > k) {
                return true;
            }
        }
        return false;
    }
}
