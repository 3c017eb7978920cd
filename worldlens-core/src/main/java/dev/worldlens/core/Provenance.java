package dev.worldlens.core;

import java.time.Instant;
import java.util.Map;

/**
 * What produced a result: the command, its full config, the seed, the code (git commit), the libraries and the
 * data (a fingerprint), so that a result can be reproduced or audited. Written as provenance.json in every run.
 */
public record Provenance(String command, Object config, long seed, String gitCommit, Map<String, String> versions,
                         Map<String, String> dataFingerprints, String startedAt, String finishedAt) {

    public static Provenance start(String command, Object config, long seed) {
        return new Provenance(command, config, seed, GitCommit.current(), Versions.all(), Map.of(),
                Instant.now().toString(), null);
    }

    public Provenance withData(Map<String, String> fingerprints) {
        return new Provenance(command, config, seed, gitCommit, versions, java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(fingerprints)), startedAt,
                finishedAt);
    }

    public Provenance finished() {
        return new Provenance(command, config, seed, gitCommit, versions, dataFingerprints, startedAt,
                Instant.now().toString());
    }
}
