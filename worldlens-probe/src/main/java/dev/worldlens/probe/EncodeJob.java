package dev.worldlens.probe;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RgbImage;
import dev.worldlens.encoders.Clip;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.EncoderCard;
import dev.worldlens.encoders.Tokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes every episode of a source into a feature store: frames go through the encoder in batches (each frame as
 * the last frame of a clip of the encoder's length, the first frame repeated where the episode is shorter), the
 * tokens are mean-pooled, and each episode is written whole. Episodes already on disk and intact are skipped, so an
 * interrupted run resumes; a finished store with the same encoder and data is reused as it is.
 */
public final class EncodeJob {
    private final Encoder encoder;
    private final EncodeConfig config;

    public EncodeJob(Encoder encoder, EncodeConfig config) {
        this.encoder = encoder;
        this.config = config;
    }

    /**
     * Runs the job into root, counting the frames encoded (or found already encoded) on a bar "encode ENCODER"; a
     * finished store that is reused opens no bar. Returns the opened store.
     */
    public FeatureStore run(EpisodeSource source, Path root, Progress progress) {
        EncoderCard card = encoder.card();
        int layer = card.resolveLayer(config.layer());
        if (Files.isRegularFile(root.resolve(FeatureStore.INDEX))) {
            FeatureStore existing = FeatureStore.open(root);
            // reused only whole: a missing or corrupt episode file is rebuilt below, as its error message promises
            if (existing.index().encoder().equals(card) && existing.index().layer() == layer
                    && existing.index().sourceFingerprint().equals(config.dataFingerprint())
                    && existing.index().episodes().stream().allMatch(e -> FeatureFile.isComplete(
                    root.resolve(e.file())))) {
                return existing;
            }
        }
        List<StoreIndex.Entry> entries = new ArrayList<>();
        ActionSchema schema = null;
        try (Progress.Bar bar = progress.start("encode " + card.name(), totalFrames(source), 0)) {
            for (int i = 0; i < source.size(); i++) {
                Episode ep = source.episode(i);
                if (schema == null) {
                    schema = ep.actionSchema();
                } else if (!schema.names().equals(ep.actionSchema().names())) {
                    throw new InvalidInputException("episode " + ep.index(), "action names "
                            + ep.actionSchema().names() + " differ from the first episode's " + schema.names());
                }
                checkCamera(ep);
                String name = FeatureStore.episodeFileName(ep.index());
                Path file = root.resolve(name);
                if (!FeatureFile.isComplete(file)) {
                    FeatureFile.write(file, encodeEpisode(ep, layer));
                }
                bar.step(ep.length());
                entries.add(new StoreIndex.Entry(ep.index(), ep.sceneId(), ep.length(), ep.windows(), name));
            }
        }
        if (schema == null) {
            throw new InvalidInputException(source.name(), "episodes", "the dataset has no episode to encode");
        }
        FeatureStore.writeIndex(root, new StoreIndex(StoreIndex.FORMAT, card, layer, config.camera(),
                config.pooling(), config.keepTokens(), source.name(), config.dataFingerprint(), schema.names(),
                schema.groups(), entries));
        return FeatureStore.open(root);
    }

    private static long totalFrames(EpisodeSource source) {
        long n = 0;
        for (int i = 0; i < source.size(); i++) {
            n += source.episode(i).length();
        }
        return n;
    }

    private void checkCamera(Episode ep) {
        if (!ep.frames().cameras().contains(config.camera())) {
            throw new InvalidInputException("camera", "episode " + ep.index() + " has no camera '"
                    + config.camera() + "'; cameras are " + ep.frames().cameras());
        }
    }

    EpisodeFeatures encodeEpisode(Episode ep, int layer) {
        EncoderCard card = encoder.card();
        int t = ep.length();
        int d = card.width();
        int a = ep.actionSchema().dim();
        float[] pooled = new float[t * d];
        float[] actions = new float[t * a];
        float[] tokens = null;
        int perFrame = 0;
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < a; j++) {
                float v = ep.actions()[i][j];
                if (!Float.isFinite(v)) {
                    throw new InvalidInputException("episode " + ep.index(), "action", "frame " + i + " dimension "
                            + j + " is " + v + "; actions must be finite");
                }
                actions[i * a + j] = v;
            }
        }
        for (int start = 0; start < t; start += config.batchSize()) {
            int end = Math.min(t, start + config.batchSize());
            List<Clip> clips = new ArrayList<>();
            for (int i = start; i < end; i++) {
                clips.add(clipEndingAt(ep, i, card.clipLength()));
            }
            List<Tokens> out = encoder.encode(clips, layer);
            for (int i = start; i < end; i++) {
                Tokens tok = out.get(i - start);
                if (tok.width() != d) {
                    throw new IllegalStateException("encoder " + card.name() + " returned width " + tok.width()
                            + " but its card says " + d);
                }
                float[] p = tok.meanPool();
                for (float v : p) {
                    if (!Float.isFinite(v)) {
                        throw new IllegalStateException("encoder " + card.name() + " produced a non-finite feature "
                                + "for episode " + ep.index() + " frame " + i);
                    }
                }
                System.arraycopy(p, 0, pooled, i * d, d);
                if (config.keepTokens()) {
                    if (tokens == null) {
                        perFrame = tok.tokenCount();
                        tokens = new float[t * perFrame * d];
                    }
                    System.arraycopy(tok.data(), 0, tokens, i * perFrame * d, perFrame * d);
                }
            }
        }
        return new EpisodeFeatures(t, d, a, pooled, actions, perFrame, tokens);
    }

    private Clip clipEndingAt(Episode ep, int t, int length) {
        return clipEndingAt(ep, config.camera(), t, length);
    }

    /**
     * The clip of {@code length} frames of {@code camera} ending at frame {@code t}, the first frame repeated before
     * the episode starts, with frame t's state: what every frame is encoded from.
     */
    public static Clip clipEndingAt(Episode ep, String camera, int t, int length) {
        List<RgbImage> frames = new ArrayList<>(length);
        for (int i = t - length + 1; i <= t; i++) {
            frames.add(ep.frames().frame(camera, Math.max(0, i)));
        }
        float[] state = ep.states()[t].length > 0 ? ep.states()[t] : null;
        return new Clip(frames, state);
    }
}
