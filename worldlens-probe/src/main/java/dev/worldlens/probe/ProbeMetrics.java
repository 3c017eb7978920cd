package dev.worldlens.probe;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.metrics.R2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a probe read the actions back: R^2 per action dimension, per group (the uniform mean of its dimensions)
 * and over all dimensions (scikit-learn's uniform_average, negative when worse than predicting the mean), the mean
 * squared error, and the fraction of transitions whose gripper command sign is right (NaN without a gripper group).
 */
public record ProbeMetrics(double r2, double[] r2PerDimension, Map<String, Double> r2PerGroup, double mse,
                           double gripperSignAccuracy) {

    public static ProbeMetrics of(float[][] truth, float[][] predicted, ActionSchema schema) {
        double[] perDim = R2.perDimension(truth, predicted);
        double sum = 0;
        for (double v : perDim) {
            sum += v;
        }
        Map<String, Double> groups = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> g : schema.groups().entrySet()) {
            double s = 0;
            for (int d : g.getValue()) {
                s += perDim[d];
            }
            groups.put(g.getKey(), s / g.getValue().size());
        }
        double se = 0;
        for (int i = 0; i < truth.length; i++) {
            for (int j = 0; j < truth[i].length; j++) {
                double e = truth[i][j] - predicted[i][j];
                se += e * e;
            }
        }
        double mse = se / ((double) truth.length * truth[0].length);
        double sign = Double.NaN;
        List<Integer> gripper = schema.groups().get(ActionSchema.GRIPPER);
        if (gripper != null) {
            long right = 0;
            long total = 0;
            for (int i = 0; i < truth.length; i++) {
                for (int d : gripper) {
                    total++;
                    if ((truth[i][d] > 0) == (predicted[i][d] > 0)) {
                        right++;
                    }
                }
            }
            sign = right / (double) total;
        }
        return new ProbeMetrics(sum / perDim.length, perDim, groups, mse, sign);
    }
}
