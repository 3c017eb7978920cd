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
}
