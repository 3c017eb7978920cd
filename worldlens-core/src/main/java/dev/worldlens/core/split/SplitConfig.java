package dev.worldlens.core.split;

import java.util.List;

/**
 * A split: its kind, the fraction of task families or episodes held out (when not named), explicitly held-out tasks
 * or scenes, a probe budget (the number of training episodes kept, 0 for all) and the seed that draws it.
 */
public record SplitConfig(SplitKind kind, double testFraction, List<String> testTasks, List<String> testScenes,
                          int budget, long seed) {
    public SplitConfig {
        testTasks = List.copyOf(testTasks);
        testScenes = List.copyOf(testScenes);
    }

    public static SplitConfig of(SplitKind kind) {
        return new SplitConfig(kind, 0.2, List.of(), List.of(), 0, 0);
    }

    public SplitConfig withBudget(int episodes) {
        return new SplitConfig(kind, testFraction, testTasks, testScenes, episodes, seed);
    }
}
