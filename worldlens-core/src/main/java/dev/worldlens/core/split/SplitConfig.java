package dev.worldlens.core.split;

import dev.worldlens.core.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * A split: its kind, the fraction of task families or episodes held out (when not named), explicitly held-out tasks
 * or scenes, a probe budget (the number of training episodes kept, 0 for all), the seed that draws it, and the
 * strata of a task split.
 *
 * @param strata groups of task family names (e.g. pushes, rotations, articulated parts, pick-and-place). When not
 *               empty, a task split holds out exactly one family from each stratum instead of a random fraction, so
 *               every kind of motion is tested; families in no stratum always train. Empty: today's random draw.
 */
public record SplitConfig(SplitKind kind, double testFraction, List<String> testTasks, List<String> testScenes,
                          int budget, long seed, List<List<String>> strata) {
    public SplitConfig {
        if (budget < 0) {
            throw new InvalidInputException("budget", "expected 0 (every training episode) or more, got " + budget);
        }
        testTasks = List.copyOf(testTasks);
        testScenes = List.copyOf(testScenes);
        // null: a config written before strata existed
        List<List<String>> copy = new ArrayList<>();
        for (List<String> s : strata == null ? List.<List<String>>of() : strata) {
            if (s == null || s.isEmpty()) {
                throw new InvalidInputException("split.strata", "every stratum needs at least one task family, got "
                        + strata);
            }
            copy.add(List.copyOf(s));
        }
        strata = List.copyOf(copy);
    }

    /** A split without strata (a random fraction of task families for a task split). */
    public SplitConfig(SplitKind kind, double testFraction, List<String> testTasks, List<String> testScenes,
                       int budget, long seed) {
        this(kind, testFraction, testTasks, testScenes, budget, seed, List.of());
    }

    public static SplitConfig of(SplitKind kind) {
        return new SplitConfig(kind, 0.2, List.of(), List.of(), 0, 0);
    }

    public SplitConfig withBudget(int episodes) {
        return new SplitConfig(kind, testFraction, testTasks, testScenes, episodes, seed, strata);
    }

    /** The same split drawn with another seed (the study runs two split seeds and reports the spread). */
    public SplitConfig withSeed(long s) {
        return new SplitConfig(kind, testFraction, testTasks, testScenes, budget, s, strata);
    }

    public SplitConfig withStrata(List<List<String>> groups) {
        return new SplitConfig(kind, testFraction, testTasks, testScenes, budget, seed, groups);
    }
}
