package dev.worldlens.probe.robust;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.data.corrupt.Corruption;
import dev.worldlens.core.split.SplitConfig;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a robustness evaluation runs: the corruptions (each type at each severity wanted), the seed the corruptions
 * draw from, the split (the same as the clean probe table's, so the held-out episodes are the same), the frame gap
 * k, the probe seeds, and how features are read (camera, layer, tokens for attentive probes, encode batch size).
 */
public record RobustnessConfig(List<Corruption> corruptions, long corruptionSeed, SplitConfig split, int k,
                               List<Long> seeds, String camera, int layer, boolean tokens, int batchSize) {

    public RobustnessConfig {
        corruptions = List.copyOf(corruptions);
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(camera, "camera");
        Set<Corruption> seen = new HashSet<>();
        for (Corruption c : corruptions) {
            if (!seen.add(c)) {
                throw new InvalidInputException("corruptions", c.id() + " is listed twice");
            }
        }
        if (k < 1) {
            throw new InvalidInputException("k", "must be at least 1, got " + k);
        }
        if (seeds.isEmpty()) {
            throw new InvalidInputException("seeds", "at least one probe seed is needed");
        }
        if (batchSize < 1) {
            throw new InvalidInputException("batch", "must be positive, got " + batchSize);
        }
    }

    /** The study's defaults: corruption seed 0, k = 1, probe seeds 0, 1, 2, camera top, last block, batch 64. */
    public static RobustnessConfig of(List<Corruption> corruptions, SplitConfig split) {
        return new RobustnessConfig(corruptions, 0, split, 1, List.of(0L, 1L, 2L), "top", -1, false, 64);
    }

    public RobustnessConfig withCorruptionSeed(long s) {
        return new RobustnessConfig(corruptions, s, split, k, seeds, camera, layer, tokens, batchSize);
    }

    public RobustnessConfig withK(int gap) {
        return new RobustnessConfig(corruptions, corruptionSeed, split, gap, seeds, camera, layer, tokens, batchSize);
    }

    public RobustnessConfig withSeeds(List<Long> s) {
        return new RobustnessConfig(corruptions, corruptionSeed, split, k, s, camera, layer, tokens, batchSize);
    }

    public RobustnessConfig withCamera(String c) {
        return new RobustnessConfig(corruptions, corruptionSeed, split, k, seeds, c, layer, tokens, batchSize);
    }

    public RobustnessConfig withLayer(int l) {
        return new RobustnessConfig(corruptions, corruptionSeed, split, k, seeds, camera, l, tokens, batchSize);
    }

    public RobustnessConfig withTokens(boolean t) {
        return new RobustnessConfig(corruptions, corruptionSeed, split, k, seeds, camera, layer, t, batchSize);
    }

    public RobustnessConfig withBatchSize(int b) {
        return new RobustnessConfig(corruptions, corruptionSeed, split, k, seeds, camera, layer, tokens, b);
    }
}
