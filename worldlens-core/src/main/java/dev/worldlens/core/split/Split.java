package dev.worldlens.core.split;

import dev.worldlens.core.InvalidInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which episodes (store positions) train the probe and which test it. Splits are by whole episodes, so no frame of
 * a test episode can reach training; a task split also keeps every episode that contains a held-out task family
 * out of training, and a scene split every episode of a held-out scene.
 */
public record Split(int[] train, int[] test, List<String> heldOutTasks, List<String> heldOutScenes) {

    public static Split make(List<EpisodeInfo> episodes, SplitConfig c) {
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        List<String> tasks = List.of();
        List<String> scenes = List.of();
        switch (c.kind()) {
            case TASK -> {
                TreeSet<String> families = new TreeSet<>();
                episodes.forEach(e -> families.addAll(e.taskFamilies()));
                families.remove("");
                if (families.size() < 2) {
                    throw new InvalidInputException("split", "a task split needs at least 2 task families in the "
                            + "language windows, found " + families);
                }
                if (!c.testTasks().isEmpty() && !c.strata().isEmpty()) {
                    throw new InvalidInputException("split.strata", "name either the held-out tasks (testTasks) or "
                            + "strata to draw them from, not both; got testTasks " + c.testTasks());
                }
                if (!c.testTasks().isEmpty()) {
                    tasks = c.testTasks();
                } else if (!c.strata().isEmpty()) {
                    tasks = drawPerStratum(c.strata(), families, c.seed());
                } else {
                    tasks = draw(new ArrayList<>(families), c.testFraction(), c.seed());
                }
                for (String t : tasks) {
                    if (!families.contains(t)) {
                        throw new InvalidInputException("split.testTasks", "task family '" + t + "' is not in the "
                                + "data; families are " + families);
                    }
                }
                Set<String> held = Set.copyOf(tasks);
                for (EpisodeInfo e : episodes) {
                    boolean heldOut = e.taskFamilies().stream().anyMatch(held::contains);
                    (heldOut ? test : train).add(e.position());
                }
            }
            case SCENE -> {
                TreeSet<String> all = new TreeSet<>();
                episodes.forEach(e -> all.add(e.sceneId()));
                scenes = c.testScenes().isEmpty() ? List.of(all.last()) : c.testScenes();
                Set<String> held = Set.copyOf(scenes);
                for (EpisodeInfo e : episodes) {
                    (held.contains(e.sceneId()) ? test : train).add(e.position());
                }
            }
            case EPISODE -> {
                List<Integer> order = new ArrayList<>();
                episodes.forEach(e -> order.add(e.position()));
                Collections.shuffle(order, new java.util.Random(c.seed()));
                int nTest = Math.max(1, (int) Math.round(order.size() * c.testFraction()));
                test.addAll(order.subList(0, Math.min(nTest, order.size())));
                train.addAll(order.subList(Math.min(nTest, order.size()), order.size()));
                Collections.sort(test);
                Collections.sort(train);
            }
        }
        if (c.budget() > 0 && train.size() > c.budget()) {
            List<Integer> order = new ArrayList<>(train);
            Collections.shuffle(order, new java.util.Random(c.seed() * 31 + 7));
            train = new ArrayList<>(order.subList(0, c.budget()));
            Collections.sort(train);
        }
        if (train.size() < 2) {
            throw new InvalidInputException("split", "the " + c.kind().label() + " split leaves " + train.size()
                    + " training episode(s); at least 2 are needed (held out: " + tasks + scenes + ")");
        }
        if (test.size() < 1) {
            throw new InvalidInputException("split", "the " + c.kind().label() + " split leaves no test episode "
                    + "(held out: " + tasks + scenes + ")");
        }
        return new Split(train.stream().mapToInt(Integer::intValue).toArray(),
                test.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(tasks), List.copyOf(scenes));
    }

    /**
     * One family from each stratum, drawn with the seed among the stratum's families present in the data (listed
     * order, one random stream over the strata in order). A stratum none of whose families occur is skipped: a
     * smaller dataset need not have every kind of task. Families in no stratum are never drawn, so they train.
     */
    private static List<String> drawPerStratum(List<List<String>> strata, Set<String> families, long seed) {
        Set<String> seen = new java.util.HashSet<>();
        for (List<String> stratum : strata) {
            for (String f : stratum) {
                if (!seen.add(f)) {
                    throw new InvalidInputException("split.strata", "task family '" + f + "' is in two strata; "
                            + "each family may be in at most one, strata are " + strata);
                }
            }
        }
        // SplittableRandom, not java.util.Random: Random's first nextInt(4) is the same for seeds 0..11 (its seed
        // scrambling barely changes the high bits that a power-of-two bound reads), so small split seeds drew the
        // same family from the first stratum
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (List<String> stratum : strata) {
            List<String> present = stratum.stream().filter(families::contains).toList();
            if (!present.isEmpty()) {
                out.add(present.get(rng.nextInt(present.size())));
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("split.strata", "no stratum names a task family of the data, so no "
                    + "family would be held out; strata are " + strata + ", families in the data are " + families);
        }
        Collections.sort(out);
        return out;
    }

    private static List<String> draw(List<String> families, double fraction, long seed) {
        List<String> order = new ArrayList<>(families);
        Collections.shuffle(order, new java.util.Random(seed));
        int n = Math.max(1, Math.min(families.size() - 1, (int) Math.round(families.size() * fraction)));
        List<String> out = new ArrayList<>(order.subList(0, n));
        Collections.sort(out);
        return out;
    }
}
