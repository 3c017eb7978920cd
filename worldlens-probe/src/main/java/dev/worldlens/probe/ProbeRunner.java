package dev.worldlens.probe;
import dev.worldlens.core.Progress;
import dev.worldlens.core.split.Split;
import dev.worldlens.core.split.SplitConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a probe the study's way: one split (drawn once from its own seed), then a fresh probe per training seed
 * fitted on the training episodes' pairs only and scored on the test episodes' pairs. {@link #runPerSplitSeed} does
 * this for several split seeds, one result each.
 */
public final class ProbeRunner {
    private ProbeRunner() {
    }

    public static ProbeResult run(ProbeData data, String encoderName, String family, int layer, Probe probe,
                                  SplitConfig splitConfig, PairMode mode, List<Long> seeds) {
        return run(data, encoderName, family, layer, probe, splitConfig, mode, seeds, Progress.Bar.NONE);
    }

    /**
     * As above, stepping {@code bar} once after each seed's fit and score: the caller's bar, which may count the
     * seeds of several probes and encoders.
     */
    public static ProbeResult run(ProbeData data, String encoderName, String family, int layer, Probe probe,
                                  SplitConfig splitConfig, PairMode mode, List<Long> seeds, Progress.Bar bar) {
        long t0 = System.nanoTime();
        Split split = Split.make(data.episodes(), splitConfig);
        PairSet train = data.pairsOf(split.train());
        PairSet test = data.pairsOf(split.test());
        List<ProbeMetrics> metrics = new ArrayList<>();
        List<Integer> chosenSteps = new ArrayList<>();
        for (long seed : seeds) {
            FittedProbe fitted = probe.fit(train, seed);
            if (fitted instanceof FittedNetworkProbe network) {
                chosenSteps.add(network.chosenStep());
            }
            metrics.add(ProbeMetrics.of(test.targets(), fitted.predict(test), data.schema()));
            bar.step(1);
        }
        return ProbeResult.summarise(encoderName, family, layer, probe.name(), splitConfig.kind().label(),
                splitConfig.seed(), data.k(), data.target().label(), mode.name().toLowerCase(java.util.Locale.ROOT),
                split, train.size(), test.size(), seeds, chosenSteps, metrics, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * One result per split seed ({@code splitConfig} redrawn with each), every one with all probe seeds; the bar
     * steps splitSeeds x seeds times. {@link ProbeResult#spreadOverSplits} summarises them.
     */
    public static List<ProbeResult> runPerSplitSeed(ProbeData data, String encoderName, String family, int layer,
                                                    Probe probe, SplitConfig splitConfig, List<Long> splitSeeds,
                                                    PairMode mode, List<Long> seeds, Progress.Bar bar) {
        if (splitSeeds.isEmpty()) {
            throw new IllegalArgumentException("no split seed to run");
        }
        List<ProbeResult> out = new ArrayList<>();
        for (long s : splitSeeds) {
            out.add(run(data, encoderName, family, layer, probe, splitConfig.withSeed(s), mode, seeds, bar));
        }
        return out;
    }
}
