package dev.worldlens.probe;

import dev.worldlens.core.FinishedResults;
import dev.worldlens.core.Progress;
import dev.worldlens.core.split.SplitConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every probe on every feature store, over the same split and seeds. Each finished (store, probe) result is kept in
 * {@code folder/probes/}, so a sweep interrupted later resumes after its last finished result.
 *
 * @param stores the feature stores, one result per store and probe in this order
 * @param probes the probes
 * @param split  how episodes are divided, drawn per seed
 * @param mode   how a pair of latents becomes a probe input
 * @param k      the frame offset of a pair
 * @param tokens whether probes read every token (attentive) rather than pooled features
 * @param seeds  the probe seeds
 */
public record ProbeSweep(List<FeatureStore> stores, List<Probe> probes, SplitConfig split, PairMode mode, int k,
                         boolean tokens, List<Long> seeds) {
    public ProbeSweep {
        stores = List.copyOf(stores);
        probes = List.copyOf(probes);
        seeds = List.copyOf(seeds);
    }

    public List<ProbeResult> run(Path folder, Progress progress) {
        List<ProbeResult> results = new ArrayList<>();
        long fits = (long) stores.size() * probes.size() * seeds.size();
        try (Progress.Bar bar = progress.start("probe", fits, 0)) {
            for (FeatureStore store : stores) {
                String encoderName = store.index().encoder().name();
                ProbeData pd = null;
                for (Probe probe : probes) {
                    Path done = folder.resolve("probes").resolve(encoderName + "-L" + store.index().layer() + "-"
                            + probe.name() + ".json");
                    ProbeResult r = FinishedResults.read(done, ProbeResult.class);
                    if (r == null) {
                        if (pd == null) {
                            pd = ProbeData.load(store, k, tokens);
                        }
                        bar.message(encoderName + " " + probe.name());
                        r = ProbeRunner.run(pd, encoderName, store.index().encoder().family(), store.index().layer(),
                                probe, split, mode, seeds, bar);
                        FinishedResults.write(done, r);
                    } else {
                        bar.step(seeds.size());
                    }
                    results.add(r);
                    System.err.printf("%s, %s: R2 %s%n", encoderName, probe.name(), r.r2().format());
                }
            }
        }
        return results;
    }
}
