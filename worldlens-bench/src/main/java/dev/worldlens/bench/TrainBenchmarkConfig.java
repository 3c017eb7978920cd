package dev.worldlens.bench;

import dev.worldlens.encoders.family.Families;

import java.util.List;

/**
 * What {@link TrainBenchmark} times; the defaults of {@code worldlens bench train} live here.
 *
 * @param families families to time, in this order
 * @param steps timed steps per family after 3 warm-up steps
 * @param episodes Tabletop episodes to draw batches from
 */
public record TrainBenchmarkConfig(List<String> families, int steps, int episodes) {
    /** Every built-in family. */
    public static final List<String> DEFAULT_FAMILIES = Families.NAMES;
    public static final int DEFAULT_STEPS = 12;
    public static final int DEFAULT_EPISODES = 40;

    public TrainBenchmarkConfig {
        families = List.copyOf(families);
    }

    public static TrainBenchmarkConfig defaults() {
        return new TrainBenchmarkConfig(DEFAULT_FAMILIES, DEFAULT_STEPS, DEFAULT_EPISODES);
    }
}
