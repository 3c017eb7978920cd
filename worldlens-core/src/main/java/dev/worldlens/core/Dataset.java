package dev.worldlens.core;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset opened once for a whole run: where it is, its episodes, and its fingerprint. Stages share one instance
 * instead of a bare path, so the source is opened once and the fingerprint (a hash of every file) is computed at
 * most once however many stages record it.
 */
public final class Dataset implements AutoCloseable {
    private final Path path;
    private final EpisodeSource source;
    private String fingerprint;

    public Dataset(Path path, EpisodeSource source) {
        this.path = path;
        this.source = source;
    }

    public Path path() {
        return path;
    }

    public EpisodeSource source() {
        return source;
    }

    /** The SHA-256 fingerprint of the dataset's files, run-folder bookkeeping excluded; computed on first use. */
    public synchronized String fingerprint() {
        if (fingerprint == null) {
            fingerprint = Fingerprint.ofPath(path, List.of(RunFolder.CONFIG, RunFolder.PROVENANCE));
        }
        return fingerprint;
    }

    /** The size of the state vector, read from the first episode (0 for an empty dataset). */
    public int stateDim() {
        return source.size() > 0 ? source.episode(0).stateNames().size() : 0;
    }

    @Override
    public void close() {
        source.close();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
