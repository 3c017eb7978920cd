package dev.worldlens.core;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * A dataset opened once for a whole run: where it is, its episodes, and its fingerprint. Stages share one instance
 * instead of a bare path, so the source is opened once and the fingerprint (a hash of every file) is computed at
 * most once however many stages record it. Nothing is read until a stage asks for the episodes or the fingerprint, so
 * a command can build its whole configuration around a dataset and validate it before any data is touched.
 */
public final class Dataset implements AutoCloseable {
    private final Path path;
    private final Function<Path, EpisodeSource> opener;
    private EpisodeSource source;
    private String fingerprint;

    /** A dataset that {@code opener} opens on first use. */
    public Dataset(Path path, Function<Path, EpisodeSource> opener) {
        this.path = path;
        this.opener = opener;
    }

    /** A dataset whose episodes are already open. */
    public Dataset(Path path, EpisodeSource source) {
        this(path, p -> source);
    }

    public Path path() {
        return path;
    }

    /** The episodes, opened on the first call. */
    public synchronized EpisodeSource source() {
        if (source == null) {
            source = opener.apply(path);
        }
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
        EpisodeSource s = source();
        return s.size() > 0 ? s.episode(0).stateNames().size() : 0;
    }

    @Override
    public synchronized void close() {
        if (source != null) {
            source.close();
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
