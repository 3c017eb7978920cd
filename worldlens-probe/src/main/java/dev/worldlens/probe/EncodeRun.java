package dev.worldlens.probe;

import dev.worldlens.core.Dataset;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RunFolder;
import dev.worldlens.encoders.BuiltinEncoders;
import dev.worldlens.encoders.Encoder;

import java.nio.file.Path;
import java.util.Map;

/**
 * Encodes a dataset into a feature store run folder; reused by {@code encode} and by
 * {@code probe --data}. The folder's config names the encoder and the data's fingerprint, so a store is reused only
 * for the same encoder and the same data, and an interrupted encode resumes.
 */
public final class EncodeRun {
    private EncodeRun() {
    }

    public static FeatureStore run(String encoderSpec, Dataset data, Path out, int layer, String camera,
                                   boolean keepTokens, int batch, Progress progress) {
        // before the data is opened or the folder written: a batch of 0 would never advance
        if (batch < 1) {
            throw new dev.worldlens.core.InvalidInputException("batch", "expected at least 1 frame per encoder "
                    + "batch, got " + batch);
        }
        EpisodeSource source = data.source();
        try (Encoder encoder = BuiltinEncoders.create(encoderSpec, data.stateDim())) {
            EncodeConfig config = new EncodeConfig(encoder.card().name(), layer, camera, "mean", keepTokens, batch,
                    data.path().toString(), data.fingerprint());
            // a camera the data lacks is named before the output folder is claimed
            if (source.size() > 0 && !source.episode(0).frames().cameras().contains(camera)) {
                throw new dev.worldlens.core.InvalidInputException("camera", "the dataset has no camera '" + camera
                        + "'; its cameras are " + source.episode(0).frames().cameras());
            }
            RunFolder run = RunFolder.open(out, "encode", config, 0);
            run.recordData(Map.of("data", data.fingerprint()));
            FeatureStore store = new EncodeJob(encoder, config).run(source, out, progress);
            run.finish();
            return store;
        }
    }
}
