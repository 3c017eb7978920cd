package dev.worldlens.policy.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.core.Progress;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.VisualFeatures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The frozen features of a sample set, computed once (stage 2 never changes them, and the feature pass, a video
 * predictor's UNet for VPP, costs more than the head's whole step) or, when caching is off, again at every use.
 * Cached tokens take frames x tokensPerFrame x channels floats per sample, in memory or in a {@link FeatureFile} on
 * disk, which a killed run resumes and which refuses to serve features of another origin.
 */
final class FeatureCache implements AutoCloseable {
    private final VisualFeatures features;
    private final ChunkSamples samples;
    private final float[][] cached;
    private final FeatureFile file;
    private final int perSample;

    /** In memory when {@code enabled}, else computed at every use. */
    FeatureCache(VisualFeatures features, ChunkSamples samples, boolean enabled) {
        this(features, samples, enabled, null);
    }

    /** On disk in {@code path} (and its header {@code path.json}). */
    FeatureCache(VisualFeatures features, ChunkSamples samples, Path path) {
        this(features, samples, true, path);
    }

    private FeatureCache(VisualFeatures features, ChunkSamples samples, boolean enabled, Path path) {
        this.features = features;
        this.samples = samples;
        this.perSample = features.frames() * features.tokensPerFrame() * features.channels();
        this.file = path == null ? null : FeatureFile.open(path, features.identity(), samples.fingerprint(),
                perSample, samples.size());
        this.cached = enabled && path == null ? new float[samples.size()][] : null;
    }

    /**
     * Computes every sample's tokens not yet cached in batches of {@code batch}, stepping {@code bar} by each batch's
     * samples (and at once by those a disk cache already holds).
     */
    void fill(NDManager manager, int batch, Progress.Bar bar) {
        if (cached == null && file == null) {
            return;
        }
        int first = file == null ? 0 : file.rows();
        bar.step(first);
        for (int from = first; from < samples.size(); from += batch) {
            int to = Math.min(samples.size(), from + batch);
            int[] idx = new int[to - from];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            try (NDManager scope = manager.newSubManager()) {
                float[] values = compute(scope, idx).toFloatArray();
                if (file != null) {
                    file.append(values, idx.length);
                } else {
                    for (int i = 0; i < idx.length; i++) {
                        float[] row = new float[perSample];
                        System.arraycopy(values, i * perSample, row, 0, perSample);
                        cached[idx[i]] = row;
                    }
                }
            }
            bar.step(idx.length);
        }
    }

    /** Tokens [B, frames, tokensPerFrame, channels] of the samples {@code idx}, on {@code scope}. */
    NDArray tokens(NDManager scope, int[] idx) {
        if (cached == null && file == null) {
            return compute(scope, idx);
        }
        float[] out = new float[idx.length * perSample];
        for (int i = 0; i < idx.length; i++) {
            if (file != null) {
                file.read(idx[i], out, i * perSample);
                continue;
            }
            float[] row = cached[idx[i]];
            if (row == null) {
                throw new IllegalStateException("features of sample " + idx[i] + " were never computed");
            }
            System.arraycopy(row, 0, out, i * perSample, perSample);
        }
        return scope.create(out, shape(idx.length));
    }

    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }

    private NDArray compute(NDManager scope, int[] idx) {
        List<Observation> batch = new ArrayList<>(idx.length);
        for (int i : idx) {
            batch.add(samples.observation(i));
        }
        NDArray t = features.tokens(scope, batch);
        t.attach(scope);
        if (!t.getShape().equals(shape(idx.length))) {
            throw new IllegalStateException("visual features returned " + t.getShape() + ", they promise "
                    + shape(idx.length));
        }
        return t.stopGradient();
    }

    private Shape shape(int b) {
        return new Shape(b, features.frames(), features.tokensPerFrame(), features.channels());
    }
}
