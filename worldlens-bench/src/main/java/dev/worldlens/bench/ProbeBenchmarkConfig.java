package dev.worldlens.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What {@link ProbeBenchmark} times: the MLP probe's data and training length, the ridge fit's size, and whether the
 * Python peers run. The defaults of {@code worldlens bench probe} live here; every setting has one, so the builder
 * has optional settings (opt*) only.
 */
public final class ProbeBenchmarkConfig {
    public static final int DEFAULT_N = 20000;
    public static final int DEFAULT_WIDTH = 768;
    /** Written as the command line takes it, so that the option's default can name it. */
    public static final String DEFAULT_ACTIONS = "4,7";
    public static final int DEFAULT_STEPS = 3000;
    public static final int DEFAULT_BATCH = 256;
    public static final int DEFAULT_ROUNDS = 2;
    public static final int DEFAULT_THREADS = 0;
    public static final int DEFAULT_RIDGE_N = 20000;
    public static final int DEFAULT_RIDGE_WIDTH = 1024;
    public static final int DEFAULT_RIDGE_ACTIONS = 7;

    private final int n;
    private final int width;
    private final List<Integer> actions;
    private final int steps;
    private final int batch;
    private final int rounds;
    private final int threads;
    private final int ridgeN;
    private final int ridgeWidth;
    private final int ridgeActions;
    private final boolean peer;

    private ProbeBenchmarkConfig(Builder b) {
        this.n = b.n;
        this.width = b.width;
        this.actions = b.actions;
        this.steps = b.steps;
        this.batch = b.batch;
        this.rounds = b.rounds;
        this.threads = b.threads;
        this.ridgeN = b.ridgeN;
        this.ridgeWidth = b.ridgeWidth;
        this.ridgeActions = b.ridgeActions;
        this.peer = b.peer;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ProbeBenchmarkConfig defaults() {
        return builder().build();
    }

    /** Training pairs of the MLP probe. */
    public int n() {
        return n;
    }

    /** MLP input width D. */
    public int width() {
        return width;
    }

    /** Action widths A, one MLP timing each. */
    public List<Integer> actions() {
        return actions;
    }

    public int steps() {
        return steps;
    }

    public int batch() {
        return batch;
    }

    /** Timed MLP rounds, the best reported. */
    public int rounds() {
        return rounds;
    }

    /** PyTorch intra-op threads, ours and the peer's; 0: the engine's default. */
    public int threads() {
        return threads;
    }

    public int ridgeN() {
        return ridgeN;
    }

    /** Ridge input width: two concatenated frames of half this width. */
    public int ridgeWidth() {
        return ridgeWidth;
    }

    public int ridgeActions() {
        return ridgeActions;
    }

    /** Whether the Python peers run (when installed). */
    public boolean peer() {
        return peer;
    }

    /** Timed ridge fits, ours and the peer's (the best counts): at least 3, a fit is short. */
    public int ridgeRounds() {
        return Math.max(3, rounds);
    }

    /** Optional settings are opt*; build() checks what the benchmark cannot run without. */
    public static final class Builder {
        private int n = DEFAULT_N;
        private int width = DEFAULT_WIDTH;
        private List<Integer> actions = Arrays.stream(DEFAULT_ACTIONS.split(",")).map(Integer::valueOf).toList();
        private int steps = DEFAULT_STEPS;
        private int batch = DEFAULT_BATCH;
        private int rounds = DEFAULT_ROUNDS;
        private int threads = DEFAULT_THREADS;
        private int ridgeN = DEFAULT_RIDGE_N;
        private int ridgeWidth = DEFAULT_RIDGE_WIDTH;
        private int ridgeActions = DEFAULT_RIDGE_ACTIONS;
        private boolean peer = true;

        private Builder() {
        }

        public Builder optN(int n) {
            this.n = n;
            return this;
        }

        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        public Builder optActions(List<Integer> actions) {
            this.actions = List.copyOf(actions);
            return this;
        }

        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        public Builder optBatch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder optRounds(int rounds) {
            this.rounds = rounds;
            return this;
        }

        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder optRidgeN(int ridgeN) {
            this.ridgeN = ridgeN;
            return this;
        }

        public Builder optRidgeWidth(int ridgeWidth) {
            this.ridgeWidth = ridgeWidth;
            return this;
        }

        public Builder optRidgeActions(int ridgeActions) {
            this.ridgeActions = ridgeActions;
            return this;
        }

        public Builder optPeer(boolean peer) {
            this.peer = peer;
            return this;
        }

        public ProbeBenchmarkConfig build() {
            if (ridgeWidth % 2 != 0) {
                throw new IllegalArgumentException("--ridge-width must be even (two concatenated frames)");
            }
            return new ProbeBenchmarkConfig(this);
        }
    }
}
