package dev.worldlens.probe;

import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.Fingerprint;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RunFolder;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.encoders.BuiltinEncoders;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.probe.EncodeConfig;
import dev.worldlens.probe.EncodeJob;
import dev.worldlens.probe.FeatureStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Encodes a dataset into a feature store run folder, with {@link EncodeJob}'s progress bar; reused by {@code encode}
 * and by {@code probe --data}. The folder's config names the encoder and the data's fingerprint, so a store is reused
 * only for the same encoder and the same data, and an interrupted encode resumes.
 */
public final class EncodeRun {
    private EncodeRun() {
    }

    public static FeatureStore run(String encoderSpec, Path data, Path out, int layer, String camera, boolean keepTokens,
                            int batch, Progress progress) {
        try (EpisodeSource source = DatasetFormats.open(data)) {
            String fingerprint = Fingerprint.ofPath(data, List.of(RunFolder.CONFIG, RunFolder.PROVENANCE));
            int stateDim = source.size() > 0 ? source.episode(0).stateNames().size() : 0;
            try (Encoder encoder = BuiltinEncoders.create(encoderSpec, stateDim)) {
                EncodeConfig config = new EncodeConfig(encoder.card().name(), layer, camera, "mean", keepTokens, batch,
                        data.toString(), fingerprint);
                RunFolder run = RunFolder.open(out, "encode", config, 0);
                run.recordData(Map.of("data", fingerprint));
                FeatureStore store = new EncodeJob(encoder, config).run(source, out, progress);
                run.finish();
                return store;
            }
        }
    }
}
