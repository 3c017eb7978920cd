package dev.worldlens.policy.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.core.Progress;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.VisualFeatures;

import java.util.ArrayList;
import java.util.List;

/**
 * The frozen features of a sample set, computed once (stage 2 never changes them, and the feature pass, a video
 * predictor's UNet for VPP, costs more than the head's whole step) or, when caching is off, again at every use.
 * Cached tokens take frames x tokensPerFrame x channels floats per sample in memory.
 */
final class FeatureCache {
    private final VisualFeatures features;
    private final ChunkSamples samples;
    private final float[][] cached;
    private final int perSample;

    FeatureCache(VisualFeatures features, ChunkSamples samples, boolean enabled) {
        this.features = features;
        this.samples = samples;
        this.cached = enabled ? new float[samples.size()][] : null;
        this.perSample = features.frames() * features.tokensPerFrame() * features.channels();
    }

    /** Computes every sample's tokens in batches of {@code batch}, stepping {@code bar} by each batch's samples. */
    void fill(NDManager manager, int batch, Progress.Bar bar) {
        if (cached == null) {
            return;
        }
        for (int from = 0; from < samples.size(); from += batch) {
            int to = Math.min(samples.size(), from + batch);
            int[] idx = new int[to - from];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            try (NDManager scope = manager.newSubManager()) {
                float[] values = compute(scope, idx).toFloatArray();
                for (int i = 0; i < idx.length; i++) {
                    float[] row = new float[perSample];
                    System.arraycopy(values, i * perSample, row, 0, perSample);
                    cached[idx[i]] = row;
                }
            }
            bar.step(idx.length);
        }
    }

    /** Tokens [B, frames, tokensPerFrame, channels] of the samples {@code idx}, on {@code scope}. */
    NDArray tokens(NDManager scope, int[] idx) {
        if (cached == null) {
            return compute(scope, idx);
        }
        float[] out = new float[idx.length * perSample];
        for (int i = 0; i < idx.length; i++) {
            float[] row = cached[idx[i]];
            if (row == null) {
                throw new IllegalStateException("features of sample " + idx[i] + " were never computed");
            }
            System.arraycopy(row, 0, out, i * perSample, perSample);
        }
        return scope.create(out, shape(idx.length));
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
