package dev.worldlens.core;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** A dataset of episodes: the one interface every reader and the simulator's generator offer. */
public interface EpisodeSource extends Iterable<Episode>, AutoCloseable {

    /** A short description of where the episodes come from (a path, "tabletop"). */
    String name();

    int size();

    Episode episode(int index);

    @Override
    default Iterator<Episode> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size();
            }

            @Override
            public Episode next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return episode(next++);
            }
        };
    }

    @Override
    default void close() {
    }

    /** Episodes held in a list (generated in memory, or in tests). */
    static EpisodeSource of(String name, java.util.List<Episode> episodes) {
        java.util.List<Episode> copy = java.util.List.copyOf(episodes);
        return new EpisodeSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public Episode episode(int index) {
                return copy.get(index);
            }
        };
    }
}
