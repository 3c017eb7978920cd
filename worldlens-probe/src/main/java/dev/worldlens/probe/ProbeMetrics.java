package dev.worldlens.probe;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.metrics.R2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a probe read the actions back, all on the test targets (negative when worse than predicting their mean):
 *
 * <ul>
 *   <li>{@code r2}, the headline: the mean over action groups (translation, rotation, gripper) of each group's R^2,
 *       a group's R^2 being variance-weighted over its dimensions (scikit-learn's multioutput='variance_weighted':
 *       1 - total squared error / total variance). Within a group, a dimension that barely moves in the test
 *       episodes has the weight of its variance instead of a noisy, hugely negative R^2 of its own (what the
 *       uniform mean let dominate the table). Across groups, each counts once: weighting all dimensions by variance
 *       hands about 70% of the figure to the gripper command (variance 0.9 against 0.2 for dx on Tabletop), which one
 *       frame shows, so raw pixels scored 0.46 on it while reading no motion at all.</li>
 *   <li>{@code r2VarianceWeighted}: variance-weighted over all dimensions at once.</li>
 *   <li>{@code r2Uniform}: the plain mean of the per-dimension R^2 (scikit-learn's uniform_average; the headline
 *       before issue 16, and the paper's likely reading).</li>
 *   <li>{@code r2PerDimension}; {@code r2PerGroup}, each group variance-weighted over its own dimensions (a
 *       one-dimension group is that dimension's R^2).</li>
 *   <li>The mean squared error, and the fraction of transitions whose gripper command sign is right (NaN without a
 *       gripper group).</li>
 * </ul>
 */
public record ProbeMetrics(double r2, double r2VarianceWeighted, double r2Uniform, double[] r2PerDimension,
                           Map<String, Double> r2PerGroup, double mse, double gripperSignAccuracy) {

    public static ProbeMetrics of(float[][] truth, float[][] predicted, ActionSchema schema) {
        R2.Columns columns = R2.columns(truth, predicted);
        double[] perDim = columns.r2();
        Map<String, Double> groups = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> g : schema.groups().entrySet()) {
            groups.put(g.getKey(), columns.varianceWeighted(g.getValue()));
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
        double headline = groups.isEmpty() ? columns.varianceWeighted()
                : groups.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new ProbeMetrics(headline, columns.varianceWeighted(), columns.uniform(), perDim, groups, mse, sign);
    }
}
