package dev.worldlens.nn.train;

import dev.worldlens.core.Progress;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Progress} for tests: keeps every bar it opened (name, total, units done before it opened, the count reached
 * and the last message) and, made by {@link #interruptAt}, throws when one bar reaches a count, as a run killed there
 * would stop.
 */
public final class RecordingProgress implements Progress {
    private final List<Recorded> bars = new ArrayList<>();
    private final String stopBar;
    private final long stopAt;

    public RecordingProgress() {
        this(null, -1);
    }

    private RecordingProgress(String stopBar, long stopAt) {
        this.stopBar = stopBar;
        this.stopAt = stopAt;
    }

    /** Throws an IllegalStateException ("interrupted") when the bar named {@code bar} reaches {@code count}. */
    public static RecordingProgress interruptAt(String bar, long count) {
        return new RecordingProgress(bar, count);
    }

    @Override
    public Bar start(String name, long total, long done) {
        Recorded bar = new Recorded(name, total, done, name.equals(stopBar) ? stopAt : -1);
        bars.add(bar);
        return bar;
    }

    /** Every bar opened, in order. */
    public List<Recorded> bars() {
        return bars;
    }

    /** The names of the bars opened, in order. */
    public List<String> names() {
        return bars.stream().map(Recorded::name).toList();
    }

    /** The last bar opened with this name. */
    public Recorded bar(String name) {
        for (int i = bars.size() - 1; i >= 0; i--) {
            if (bars.get(i).name().equals(name)) {
                return bars.get(i);
            }
        }
        throw new AssertionError("no bar '" + name + "' among " + names());
    }

    /** One bar as it was drawn. */
    public static final class Recorded implements Bar {
        private final String name;
        private final long total;
        private final long before;
        private final long stopAt;
        private final List<String> messages = new ArrayList<>();
        private long current;
        private boolean closed;

        private Recorded(String name, long total, long before, long stopAt) {
            this.name = name;
            this.total = total;
            this.before = before;
            this.stopAt = stopAt;
            this.current = before;
        }

        @Override
        public void step(long n) {
            current += n;
            if (current == stopAt) {
                throw new IllegalStateException("interrupted at " + current + " of '" + name + "'");
            }
        }

        @Override
        public long current() {
            return current;
        }

        @Override
        public void message(String m) {
            messages.add(m);
        }

        @Override
        public void close() {
            closed = true;
        }

        public String name() {
            return name;
        }

        public long total() {
            return total;
        }

        /** Units done before the bar opened (a resumed run's). */
        public long before() {
            return before;
        }

        public List<String> messages() {
            return messages;
        }

        public boolean closed() {
            return closed;
        }
    }
}
