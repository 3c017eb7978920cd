package dev.worldlens.probe;
import dev.worldlens.core.split.Split;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One probe on one feature store under one split: the metrics of every seed and their mean and std, with the
 * facts needed to read them (encoder, layer, probe, split, k, how many episodes and pairs trained and tested).
 */
public record ProbeResult(String encoder, String family, int layer, String probe, String split, int k,
                          String pairMode, List<String> heldOutTasks, List<String> heldOutScenes, int trainEpisodes,
                          int testEpisodes, int trainPairs, int testPairs, List<Long> seeds,
                          List<ProbeMetrics> perSeed, SeedStatistics r2, Map<String, SeedStatistics> r2PerGroup,
                          SeedStatistics mse, SeedStatistics gripperSignAccuracy, double seconds) {

    static ProbeResult summarise(String encoder, String family, int layer, String probe, String split, int k,
                                 String pairMode, Split s, int trainPairs, int testPairs, List<Long> seeds,
                                 List<ProbeMetrics> perSeed, double seconds) {
        Map<String, SeedStatistics> groups = new LinkedHashMap<>();
        for (String g : perSeed.get(0).r2PerGroup().keySet()) {
            groups.put(g, SeedStatistics.of(perSeed.stream().map(x -> x.r2PerGroup().get(g)).toList()));
        }
        return new ProbeResult(encoder, family, layer, probe, split, k, pairMode, s.heldOutTasks(),
                s.heldOutScenes(), s.train().length, s.test().length, trainPairs, testPairs, List.copyOf(seeds),
                List.copyOf(perSeed), SeedStatistics.of(perSeed.stream().map(ProbeMetrics::r2).toList()), groups,
                SeedStatistics.of(perSeed.stream().map(ProbeMetrics::mse).toList()),
                SeedStatistics.of(perSeed.stream().map(ProbeMetrics::gripperSignAccuracy).toList()), seconds);
    }
}
