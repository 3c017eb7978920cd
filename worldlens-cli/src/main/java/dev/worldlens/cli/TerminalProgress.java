package dev.worldlens.cli;

import dev.worldlens.core.Progress;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress drawn as bars with ETA on stderr. On a terminal a bar redraws in place; without one (CI, a pipe) it prints
 * a line every few seconds instead of flooding the log.
 */
public final class TerminalProgress implements Progress {
    /** The one instance: bars carry all the state. */
    public static final TerminalProgress INSTANCE = new TerminalProgress();

    private TerminalProgress() {
    }

    @Override
    public Bar start(String task, long max, long alreadyDone) {
        return open(task, max, alreadyDone);
    }

    /** A bar, for the command line's own loops. */
    public static TerminalBar open(String task, long max, long alreadyDone) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).showSpeed();
        if (System.console() == null) {
            b.setConsumer(new DelegatingProgressBarConsumer(System.err::println)).setUpdateIntervalMillis(5000);
        } else {
            b.setUpdateIntervalMillis(250);
        }
        ProgressBar bar = b.build();
        bar.stepTo(alreadyDone);
        return new TerminalBar(bar);
    }

    /** One terminal bar. */
    public static final class TerminalBar implements Bar {
        private final ProgressBar bar;
        private boolean closed;

        private TerminalBar(ProgressBar bar) {
            this.bar = bar;
        }

        @Override
        public void step(long n) {
            bar.stepBy(n);
        }

        @Override
        public long current() {
            return bar.getCurrent();
        }

        /** A note after the speed figure (the bar prints it right after "/s", so it is set off with a space). */
        @Override
        public void message(String m) {
            bar.setExtraMessage(" " + m);
        }

        /**
         * Closing twice is a no-op: the library redraws the bar on every close, so a bar closed when its stage ended and
         * again by a finally block would print a second final line whose elapsed time includes the stages after it.
         */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                bar.close();
            }
        }
    }
}
