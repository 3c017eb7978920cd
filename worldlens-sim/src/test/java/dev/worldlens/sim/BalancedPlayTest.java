package dev.worldlens.sim;

import dev.worldlens.core.Episode;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.sim.dataset.SimGenerateConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Balanced play gives every task id its minimum, the drawer tasks that plain play almost never reaches included. */
class BalancedPlayTest {
    private static final GeneratorConfig PLAY = GeneratorConfig.of(List.of(Scene.A, Scene.B, Scene.C), Setting.STATIC)
            .withPlay(2, 400).withCameras(8, 8);

    @Test
    void everyTaskIdOpensItsShareOfEpisodes() {
        int ids = Task.all().size();
        Map<String, Integer> balanced = count(PLAY.withBalanced(true), 2 * ids);
        Map<String, Integer> plain = count(PLAY, 2 * ids);
        for (Task t : Task.all()) {
            assertTrue(balanced.getOrDefault(t.id(), 0) >= 2, t.id() + ": " + balanced);
        }
        assertTrue(plain.size() < ids || plain.values().stream().anyMatch(n -> n < 2),
                "plain play already covers every id twice, so this test shows nothing: " + plain);
    }

    @Test
    void balancedEpisodesAreStillAFunctionOfSeedAndIndex() {
        EpisodeGenerator g = new EpisodeGenerator(PLAY.withBalanced(true), 5);
        Episode a = g.generate(7);
        Episode b = new EpisodeGenerator(PLAY.withBalanced(true), 5).generate(7);
        assertEquals(a.windows(), b.windows());
        assertEquals(Task.all().get(7).id(), a.windows().get(0).taskId());
    }

    @Test
    void balancedNeedsPlayEpisodes() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SimGenerateConfig.builder().optBalanced(true).optPlayTasks(0).build());
        assertTrue(e.getMessage().contains("balanced"), e.getMessage());
    }

    private static Map<String, Integer> count(GeneratorConfig config, int episodes) {
        EpisodeGenerator g = new EpisodeGenerator(config, 11);
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < episodes; i++) {
            for (LanguageWindow w : g.generate(i).windows()) {
                counts.merge(w.taskId(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
