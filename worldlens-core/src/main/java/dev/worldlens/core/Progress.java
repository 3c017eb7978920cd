package dev.worldlens.core;

/**
 * Where long work reports how far it has come: one {@link Bar} per stage of countable work (frames loaded, steps
 * trained, chains run). Libraries take a {@code Progress} and know nothing of how it is shown; the command line draws
 * terminal bars with an ETA, tests and embedding programs pass {@link #NONE}.
 */
public interface Progress {
    /** Shows nothing. */
    Progress NONE = (name, total, done) -> Bar.NONE;

    /** Starts a stage of {@code total} units of which {@code done} were finished before (a resumed run). */
    Bar start(String name, long total, long done);

    /** One stage's counter; closing it ends the stage, and closing twice is harmless. */
    interface Bar extends AutoCloseable {
        Bar NONE = new Bar() {
            @Override
            public void step(long n) {
            }

            @Override
            public long current() {
                return 0;
            }

            @Override
            public void message(String m) {
            }

            @Override
            public void close() {
            }
        };

        /** {@code n} more units done. */
        void step(long n);

        /** Units done so far, counting those done before the stage started. */
        long current();

        /** Moves the count to {@code done} units (callers that know totals rather than increments). */
        default void stepTo(long done) {
            step(done - current());
        }

        /** A short note shown beside the count, such as the latest loss. */
        void message(String m);

        @Override
        void close();
    }
}
