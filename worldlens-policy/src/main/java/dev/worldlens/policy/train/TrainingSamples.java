package dev.worldlens.policy.train;

import ai.djl.ndarray.NDManager;
import dev.worldlens.core.Episode;
import dev.worldlens.core.Progress;
import dev.worldlens.nn.Standardizer;
import dev.worldlens.policy.VisualFeatures;

import java.nio.file.Path;
import java.util.List;

/**
 * The training and validation samples of stage 2 with their frozen features, computed once and shareable: policies
 * that read the same features over the same episodes (VPP and its "w/o Video Former" ablation) train on one
 * instance instead of running the predictor over every sample again. Holds the cached tokens in memory (frames x
 * tokensPerFrame x channels floats per sample) and the per-channel statistics of the training samples' tokens.
 */
public final class TrainingSamples implements AutoCloseable {
    /** The disk cache's files for the training and validation samples, under the cache folder. */
    public static final String TRAIN_FILE = "train.f32";
    public static final String VALIDATION_FILE = "validation.f32";

    private final VisualFeatures features;
    private final ChunkSamples train;
    private final ChunkSamples validation;
    private final FeatureCache trainCache;
    private final FeatureCache validationCache;
    private final int batch;
    private final Standardizer statistics;

    private TrainingSamples(VisualFeatures features, ChunkSamples train, ChunkSamples validation,
                            FeatureCache trainCache, FeatureCache validationCache, int batch,
                            Standardizer statistics) {
        this.features = features;
        this.train = train;
        this.validation = validation;
        this.trainCache = trainCache;
        this.validationCache = validationCache;
        this.batch = batch;
        this.statistics = statistics;
    }

    /**
     * Cuts the episodes into chunk samples of {@code horizon} x {@code actionDim} and, when {@code cache} is on,
     * computes every sample's features in batches of {@code batch}, counted on a bar "features".
     */
    public static TrainingSamples prepare(VisualFeatures features, List<Episode> trainEpisodes,
                                          List<Episode> validationEpisodes, int horizon, int actionDim,
                                          boolean cache, int batch, Progress progress) {
        return prepare(features, trainEpisodes, validationEpisodes, horizon, actionDim, 1, cache, null, batch,
                progress);
    }

    /** The samples {@code config} trains on: its chunk shape, sample stride, cache and batch. */
    public static TrainingSamples prepare(VisualFeatures features, List<Episode> trainEpisodes,
                                          List<Episode> validationEpisodes, PolicyTrainingConfig config,
                                          Path cacheDir, Progress progress) {
        return prepare(features, trainEpisodes, validationEpisodes, config.policy().head().horizon(),
                config.policy().head().actionDim(), config.sampleStride(), config.cacheFeatures(), cacheDir,
                config.batch(), progress);
    }

    /**
     * As {@link #prepare(VisualFeatures, List, List, int, int, boolean, int, Progress)}, a sample every {@code
     * stride} frames of each window ({@link ChunkSamples#of(List, int, int, int, String)}), the cache on disk in
     * {@code cacheDir} when it is not null ({@value #TRAIN_FILE}, {@value #VALIDATION_FILE} and their headers): an
     * interrupted pass resumes where it stopped, and a later run over the same samples and features reads it
     * instead of computing it; a cache of other features or samples is refused.
     */
    public static TrainingSamples prepare(VisualFeatures features, List<Episode> trainEpisodes,
                                          List<Episode> validationEpisodes, int horizon, int actionDim, int stride,
                                          boolean cache, Path cacheDir, int batch, Progress progress) {
        ChunkSamples train = ChunkSamples.of(trainEpisodes, horizon, actionDim, stride, "training episodes");
        ChunkSamples validation = ChunkSamples.of(validationEpisodes, horizon, actionDim, stride,
                "validation episodes");
        boolean disk = cache && cacheDir != null;
        FeatureCache trainCache = disk ? new FeatureCache(features, train, cacheDir.resolve(TRAIN_FILE))
                : new FeatureCache(features, train, cache);
        FeatureCache validationCache = disk ? new FeatureCache(features, validation,
                cacheDir.resolve(VALIDATION_FILE)) : new FeatureCache(features, validation, cache);
        try (NDManager manager = dev.worldlens.nn.Torch.newManager()) {
            try (Progress.Bar bar = cache ? progress.start("features", (long) train.size() + validation.size(), 0)
                    : Progress.Bar.NONE) {
                trainCache.fill(manager, batch, bar);
                validationCache.fill(manager, batch, bar);
            }
            // from the training samples alone, the same on a resumed run (same samples, same order)
            Standardizer stats = FeatureStatistics.of(trainCache, train, features.channels(),
                    PolicyTrainer.STATISTICS_SAMPLES, batch, manager);
            return new TrainingSamples(features, train, validation, trainCache, validationCache, batch, stats);
        }
    }

    /** Training plus validation samples. */
    public long size() {
        return (long) train.size() + validation.size();
    }

    public VisualFeatures features() {
        return features;
    }

    /** The batch the features were computed in (a run must use the same one to repeat itself exactly). */
    public int batch() {
        return batch;
    }

    /** Per-channel mean and deviation of the training samples' tokens. */
    public Standardizer statistics() {
        return statistics;
    }

    /** Whether these samples fit a chunk of {@code horizon} x {@code actionDim}. */
    boolean fits(int horizon, int actionDim) {
        return train.horizon() == horizon && train.actionDim() == actionDim;
    }

    ChunkSamples train() {
        return train;
    }

    ChunkSamples validation() {
        return validation;
    }

    FeatureCache trainCache() {
        return trainCache;
    }

    FeatureCache validationCache() {
        return validationCache;
    }

    /** Closes the disk cache's files (the features themselves are the caller's). */
    @Override
    public void close() {
        trainCache.close();
        validationCache.close();
    }
}
