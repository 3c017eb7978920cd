package dev.worldlens.core.split;

import dev.worldlens.core.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitTest {
    private static final List<String> FAMILIES = List.of("open_drawer", "push_block_left", "rotate_block_left",
            "turn_on_led", "lift_block");

    static List<EpisodeInfo> episodes(int n) {
        List<EpisodeInfo> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Set<String> tasks = new HashSet<>(List.of(FAMILIES.get(i % FAMILIES.size())));
            if (i % 7 == 0) {
                tasks.add(FAMILIES.get((i + 2) % FAMILIES.size()));
            }
            out.add(new EpisodeInfo(i, 100 + i, String.valueOf((char) ('A' + i % 4)), tasks, 20));
        }
        return out;
    }

    @Test
    void heldOutTasksNeverReachTraining() {
        List<EpisodeInfo> eps = episodes(60);
        for (long seed = 0; seed < 10; seed++) {
            Split s = Split.make(eps, new SplitConfig(SplitKind.TASK, 0.2, List.of(), List.of(), 0, seed));
            assertFalse(s.heldOutTasks().isEmpty());
            for (int e : s.train()) {
                for (String t : eps.get(e).taskFamilies()) {
                    assertFalse(s.heldOutTasks().contains(t), "training episode " + e + " contains held-out " + t);
                }
            }
            for (int e : s.test()) {
                assertTrue(eps.get(e).taskFamilies().stream().anyMatch(s.heldOutTasks()::contains));
            }
            assertDisjointAndComplete(s, eps.size());
        }
    }

    @Test
    void namedTasksAreHeldOut() {
        Split s = Split.make(episodes(40), new SplitConfig(SplitKind.TASK, 0.2, List.of("open_drawer"), List.of(), 0,
                0));
        assertEquals(List.of("open_drawer"), s.heldOutTasks());
        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> Split.make(episodes(40),
                new SplitConfig(SplitKind.TASK, 0.2, List.of("juggle"), List.of(), 0, 0)));
        // the field as the config spells it, not a command-line flag
        assertEquals("split.testTasks", unknown.field());
    }

    @Test
    void sceneSplitHoldsOutTheLastSceneByDefault() {
        List<EpisodeInfo> eps = episodes(40);
        Split s = Split.make(eps, SplitConfig.of(SplitKind.SCENE));
        assertEquals(List.of("D"), s.heldOutScenes());
        for (int e : s.train()) {
            assertFalse(eps.get(e).sceneId().equals("D"));
        }
        for (int e : s.test()) {
            assertEquals("D", eps.get(e).sceneId());
        }
        assertDisjointAndComplete(s, eps.size());
    }

    @Test
    void episodeSplitIsDisjointAndBudgetLimitsTraining() {
        Split s = Split.make(episodes(50), SplitConfig.of(SplitKind.EPISODE).withBudget(7));
        assertEquals(7, s.train().length);
        assertEquals(10, s.test().length);
        Set<Integer> train = new HashSet<>();
        Arrays.stream(s.train()).forEach(train::add);
        Arrays.stream(s.test()).forEach(t -> assertFalse(train.contains(t)));
    }

    @Test
    void tooFewEpisodesIsAnError() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Split.make(episodes(2), SplitConfig.of(SplitKind.EPISODE)));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
        assertEquals("split", e.field());
        assertEquals("split", assertThrows(InvalidInputException.class, () -> SplitKind.parse("tasks")).field());
    }

    /** Strata over the test families plus one family absent from the data (which is skipped). */
    private static final List<List<String>> STRATA = List.of(List.of("push_block_left", "rotate_block_left",
            "stack_blocks"), List.of("open_drawer", "turn_on_led"));

    private static List<EpisodeInfo> stratifiedEpisodes() {
        // four families per stratum, and lift_block in none: 9 families, each in 8 episodes of its own
        List<String> families = List.of("push_a", "push_b", "push_c", "push_d", "rot_a", "rot_b", "rot_c", "rot_d",
                "lift_block");
        List<EpisodeInfo> out = new ArrayList<>();
        for (int i = 0; i < 72; i++) {
            out.add(new EpisodeInfo(i, i, "A", Set.of(families.get(i % families.size())), 20));
        }
        return out;
    }

    private static final List<List<String>> TWO_STRATA = List.of(List.of("push_a", "push_b", "push_c", "push_d"),
            List.of("rot_a", "rot_b", "rot_c", "rot_d", "rot_absent"));

    @Test
    void strataHoldOutOneFamilyEach() {
        List<EpisodeInfo> eps = stratifiedEpisodes();
        Set<List<String>> heldOutSets = new HashSet<>();
        for (long seed = 0; seed < 12; seed++) {
            SplitConfig c = SplitConfig.of(SplitKind.TASK).withStrata(TWO_STRATA).withSeed(seed);
            Split s = Split.make(eps, c);
            List<String> held = s.heldOutTasks();
            assertEquals(2, held.size(), "one family per stratum: " + held);
            assertEquals(1, held.stream().filter(f -> f.startsWith("push_")).count(), held.toString());
            assertEquals(1, held.stream().filter(f -> f.startsWith("rot_")).count(), held.toString());
            assertFalse(held.contains("lift_block"), "a family in no stratum always trains");
            assertFalse(held.contains("rot_absent"), "a family absent from the data is never drawn");
            assertEquals(16, s.test().length);
            assertDisjointAndComplete(s, eps.size());
            // deterministic for a seed
            Split again = Split.make(eps, c);
            assertEquals(held, again.heldOutTasks());
            assertArrayEquals(s.train(), again.train());
            heldOutSets.add(held);
        }
        // 16 possible pairs; 12 seeds drawing the same pair would mean the seed is ignored
        assertTrue(heldOutSets.size() >= 5, "different seeds should hold out different families: " + heldOutSets);
    }

    @Test
    void strataAbsentFromTheDataAreSkippedAndNoneAtAllIsAnError() {
        List<EpisodeInfo> eps = episodes(40);
        // the first stratum's stack_blocks is absent (skipped); every family of the third is absent (stratum skipped)
        List<List<String>> strata = new ArrayList<>(STRATA);
        strata.add(List.of("juggle", "fly"));
        Split s = Split.make(eps, SplitConfig.of(SplitKind.TASK).withStrata(strata).withSeed(3));
        assertEquals(2, s.heldOutTasks().size(), s.heldOutTasks().toString());
        InvalidInputException none = assertThrows(InvalidInputException.class, () -> Split.make(eps,
                SplitConfig.of(SplitKind.TASK).withStrata(List.of(List.of("juggle")))));
        assertEquals("split.strata", none.field());
        InvalidInputException twice = assertThrows(InvalidInputException.class, () -> Split.make(eps,
                SplitConfig.of(SplitKind.TASK).withStrata(List.of(List.of("open_drawer"),
                        List.of("open_drawer", "lift_block")))));
        assertEquals("split.strata", twice.field());
        assertEquals("split.strata", assertThrows(InvalidInputException.class,
                () -> SplitConfig.of(SplitKind.TASK).withStrata(List.of(List.of()))).field());
    }

    private static void assertDisjointAndComplete(Split s, int n) {
        Set<Integer> seen = new HashSet<>();
        Arrays.stream(s.train()).forEach(seen::add);
        Arrays.stream(s.test()).forEach(t -> assertTrue(seen.add(t), "episode " + t + " in both"));
        assertEquals(n, seen.size());
    }
}
