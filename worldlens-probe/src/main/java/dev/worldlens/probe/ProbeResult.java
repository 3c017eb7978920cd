package dev.worldlens.probe;
import dev.worldlens.core.split.Split;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One probe on one feature store under one split: the metrics of every seed and their mean and std, with the
 * facts needed to read them (encoder, layer, probe, split and its seed, k and the target, how many episodes and
 * pairs trained and tested). {@code r2} is the mean over action groups of their variance-weighted R^2,
 * {@code r2Uniform} the uniform mean over dimensions ({@link ProbeMetrics}); the std of each is over probe seeds under this one split (the spread over split
 * seeds is {@link #spreadOverSplits}). {@code chosenSteps}: per probe seed, the training step a network probe's
 * weights are from (early stopping's choice, or the last step); empty for ridge.
 */
public record ProbeResult(String encoder, String family, int layer, String probe, String split, long splitSeed,
                          int k, String target, String pairMode, List<String> heldOutTasks,
                          List<String> heldOutScenes, int trainEpisodes, int testEpisodes, int trainPairs,
                          int testPairs, List<Long> seeds, List<Integer> chosenSteps, List<ProbeMetrics> perSeed,
                          SeedStatistics r2,
                          SeedStatistics r2Uniform, Map<String, SeedStatistics> r2PerGroup, SeedStatistics mse,
                          SeedStatistics gripperSignAccuracy, double seconds) {

    public ProbeResult {
        // a results file written before the headline became variance weighted has no r2Uniform, and its r2 is the
        // uniform mean: refuse it (FinishedResults then says it is unreadable and computes it again) rather than
        // mix the two figures in one table
        chosenSteps = chosenSteps == null ? List.of() : List.copyOf(chosenSteps);
        if (r2Uniform == null || target == null) {
            throw new IllegalArgumentException("a probe result needs r2Uniform and target; a file without them was "
                    + "written before issue 16's probe protocol, when r2 was the uniform mean");
        }
    }

    static ProbeResult summarise(String encoder, String family, int layer, String probe, String split,
                                 long splitSeed, int k, String target, String pairMode, Split s, int trainPairs,
                                 int testPairs, List<Long> seeds, List<Integer> chosenSteps, List<ProbeMetrics> perSeed,
                                 double seconds) {
        Map<String, SeedStatistics> groups = new LinkedHashMap<>();
        for (String g : perSeed.get(0).r2PerGroup().keySet()) {
            groups.put(g, SeedStatistics.of(perSeed.stream().map(x -> x.r2PerGroup().get(g)).toList()));
        }
        return new ProbeResult(encoder, family, layer, probe, split, splitSeed, k, target, pairMode, s.heldOutTasks(),
                s.heldOutScenes(), s.train().length, s.test().length, trainPairs, testPairs, List.copyOf(seeds),
                chosenSteps, List.copyOf(perSeed), SeedStatistics.of(perSeed.stream().map(ProbeMetrics::r2).toList()),
                SeedStatistics.of(perSeed.stream().map(ProbeMetrics::r2Uniform).toList()), groups,
                SeedStatistics.of(perSeed.stream().map(ProbeMetrics::mse).toList()),
                SeedStatistics.of(perSeed.stream().map(ProbeMetrics::gripperSignAccuracy).toList()), seconds);
    }

    /**
     * Mean and std over split seeds of the headline R^2 (each result's mean over its probe seeds): how much the
     * figure depends on which task families were held out, next to the probe-seed std inside each result.
     */
    public static SeedStatistics spreadOverSplits(List<ProbeResult> perSplitSeed) {
        if (perSplitSeed.isEmpty()) {
            throw new IllegalArgumentException("no results to summarise");
        }
        return SeedStatistics.of(perSplitSeed.stream().map(r -> r.r2().mean()).toList());
    }
}
