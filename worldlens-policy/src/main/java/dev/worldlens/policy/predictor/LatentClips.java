package dev.worldlens.policy.predictor;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.Fingerprint;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RgbImage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The predictor's training clips, encoded once to latents and held in memory (VPP pre-encodes its videos too,
 * vpp.md 1.3). Clips are cut from the episodes' language windows as VPP cuts CALVIN: frames {@code stride} apart
 * and clip starts {@code stride} apart, so only every stride-th frame of a window (counted from its start) is ever
 * used and only those are encoded; each camera's frames are their own sequence (the predictor is single-view). A
 * window too short for a whole clip gives one clip that repeats its last frame.
 */
final class LatentClips {
    /** One camera's subsampled frames of one language window: latents [n, z, s, s]. */
    record Sequence(int episode, int camera, String instruction, int length, float[] latents, List<RgbImage> frames) {
    }

    /** Clips [B, T, z, s, s] (flat) with their instructions and camera indices. */
    record Batch(float[] latents, List<String> instructions, int[] cameras) {
    }

    private final List<Sequence> sequences;
    private final int frames;
    private final int frameSize;
    private final int[] clipSequence;
    private final int[] clipStart;

    private LatentClips(List<Sequence> sequences, int frames, int frameSize) {
        this.sequences = List.copyOf(sequences);
        this.frames = frames;
        this.frameSize = frameSize;
        List<int[]> clips = new ArrayList<>();
        for (int s = 0; s < sequences.size(); s++) {
            int starts = Math.max(1, sequences.get(s).length - frames + 1);
            for (int k = 0; k < starts; k++) {
                clips.add(new int[]{s, k});
            }
        }
        clipSequence = new int[clips.size()];
        clipStart = new int[clips.size()];
        for (int i = 0; i < clips.size(); i++) {
            clipSequence[i] = clips.get(i)[0];
            clipStart[i] = clips.get(i)[1];
        }
    }

    /**
     * Encodes the windows of the listed episodes with {@code autoencoder}. {@code keepFrames} keeps the resized RGB
     * frames too (for held-out clips shown beside predictions); {@code fingerprint} (may be null) receives the episode
     * indices, instructions and frame bytes read; {@code bar} is stepped by the frames encoded.
     */
    static LatentClips load(EpisodeSource source, List<Integer> episodes, List<String> cameras,
                            FrameAutoencoder autoencoder, int frames, int stride, boolean keepFrames,
                            Fingerprint fingerprint, Progress.Bar bar) {
        List<Sequence> out = new ArrayList<>();
        int frameSize = autoencoder.latentChannels() * autoencoder.latentSide() * autoencoder.latentSide();
        for (int e : episodes) {
            Episode ep = source.episode(e);
            for (String camera : cameras) {
                if (!ep.frames().cameras().contains(camera)) {
                    throw new InvalidInputException(source.name(), "camera", "episode " + ep.index()
                            + " has no camera '" + camera + "'; cameras are " + ep.frames().cameras());
                }
            }
            for (LanguageWindow w : ep.windows()) {
                for (int c = 0; c < cameras.size(); c++) {
                    List<RgbImage> images = new ArrayList<>();
                    for (int t = w.start(); t < Math.min(w.end(), ep.length()); t += stride) {
                        RgbImage image = ep.frames().frame(cameras.get(c), t);
                        images.add(image);
                        if (fingerprint != null) {
                            fingerprint.add(ep.index()).add(w.instruction()).add(image.rgb());
                        }
                    }
                    if (images.isEmpty()) {
                        continue;
                    }
                    float[] latents = autoencoder.encode(images);
                    out.add(new Sequence(e, c, w.instruction(), images.size(), latents,
                            keepFrames ? List.copyOf(images) : List.of()));
                    bar.step(images.size());
                }
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(source.name(), "language windows", "the training episodes have no "
                    + "language window to cut clips from");
        }
        return new LatentClips(out, frames, frameSize);
    }

    /** Statistics of every latent held (for {@link LatentScale}). */
    LatentScale scale(int channels, int side) {
        int total = 0;
        for (Sequence s : sequences) {
            total += s.latents.length;
        }
        float[] all = new float[total];
        int at = 0;
        for (Sequence s : sequences) {
            System.arraycopy(s.latents, 0, all, at, s.latents.length);
            at += s.latents.length;
        }
        return LatentScale.of(all, channels, side);
    }

    /** Standardises every latent held, in place. */
    void normalise(LatentScale scale, int side) {
        for (Sequence s : sequences) {
            scale.normaliseInPlace(s.latents, side);
        }
    }

    int clips() {
        return clipSequence.length;
    }

    List<Sequence> sequences() {
        return sequences;
    }

    /** {@code batch} clips drawn uniformly (with replacement) from {@code rng}. */
    Batch batch(SplittableRandom rng, int batch) {
        int[] chosen = new int[batch];
        for (int i = 0; i < batch; i++) {
            chosen[i] = rng.nextInt(clipSequence.length);
        }
        return clips(chosen);
    }

    /** The clips of the given indices. */
    Batch clips(int[] indices) {
        float[] latents = new float[indices.length * frames * frameSize];
        List<String> text = new ArrayList<>(indices.length);
        int[] cameras = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            Sequence s = sequences.get(clipSequence[indices[i]]);
            int start = clipStart[indices[i]];
            for (int f = 0; f < frames; f++) {
                int t = Math.min(s.length - 1, start + f);
                System.arraycopy(s.latents, t * frameSize, latents, (i * frames + f) * frameSize, frameSize);
            }
            text.add(s.instruction);
            cameras[i] = s.camera;
        }
        return new Batch(latents, text, cameras);
    }

    /** The sequence clip {@code index} is cut from. */
    Sequence sequence(int index) {
        return sequences.get(clipSequence[index]);
    }

    /** The RGB frames of clip {@code index} (kept only when loaded with keepFrames). */
    List<RgbImage> frames(int index) {
        Sequence s = sequences.get(clipSequence[index]);
        List<RgbImage> out = new ArrayList<>(frames);
        for (int f = 0; f < frames; f++) {
            out.add(s.frames.get(Math.min(s.length - 1, clipStart[index] + f)));
        }
        return out;
    }

    /** Index of the first clip of every sequence, in order. */
    List<Integer> firstClips() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < clipSequence.length; i++) {
            if (clipStart[i] == 0) {
                out.add(i);
            }
        }
        return out;
    }
}
