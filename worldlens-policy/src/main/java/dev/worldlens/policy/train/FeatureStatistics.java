package dev.worldlens.policy.train;

import ai.djl.ndarray.NDManager;
import dev.worldlens.nn.Standardizer;

/**
 * Per-channel mean and standard deviation of the frozen feature tokens of the training samples, for
 * {@link dev.worldlens.policy.vpp.VppPolicy#standardiseFeatures}. Every token of every sample counts as one row; at
 * most {@code maxSamples} samples spread evenly are read (in double precision, so the order does not matter). A
 * channel whose deviation is below {@link #STD_FLOOR} keeps deviation 1 (centred, never blown up), as
 * {@link Standardizer} does.
 */
final class FeatureStatistics {
    static final double STD_FLOOR = 1e-3;

    private FeatureStatistics() {
    }

    static Standardizer of(FeatureCache cache, ChunkSamples samples, int channels, int maxSamples, int batch,
                           NDManager manager) {
        int[] idx = samples.spread(maxSamples);
        double[] sum = new double[channels];
        double[] sq = new double[channels];
        long rows = 0;
        // two passes (mean, then centred squares) so that a channel with a large mean keeps its small variance
        for (int pass = 0; pass < 2; pass++) {
            for (int from = 0; from < idx.length; from += batch) {
                int[] part = java.util.Arrays.copyOfRange(idx, from, Math.min(idx.length, from + batch));
                float[] v;
                try (NDManager scope = manager.newSubManager()) {
                    v = cache.tokens(scope, part).toFloatArray();
                }
                for (int o = 0; o < v.length; o += channels) {
                    for (int c = 0; c < channels; c++) {
                        if (pass == 0) {
                            sum[c] += v[o + c];
                        } else {
                            double d = v[o + c] - sum[c];
                            sq[c] += d * d;
                        }
                    }
                    if (pass == 0) {
                        rows++;
                    }
                }
            }
            if (pass == 0) {
                for (int c = 0; c < channels; c++) {
                    sum[c] /= rows;
                }
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = (float) sum[c];
            double s = Math.sqrt(sq[c] / rows);
            std[c] = s < STD_FLOOR ? 1f : (float) s;
        }
        return new Standardizer(mean, std);
    }
}
