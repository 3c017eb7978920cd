package dev.worldlens.probe;

import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.fuzz.FileFuzzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feature store's index and episode files, damaged by {@link dev.worldlens.core.fuzz.ByteMutator} and read back
 * whole (open, every episode with its tokens): every outcome is a read or an InvalidInputException naming the file.
 * CI runs 60 mutants a file with seed 0; {@code -Dworldlens.fuzz.iterations} and {@code -Dworldlens.fuzz.seed} run more.
 */
class FeatureStoreFuzzTest {
    private static final int MUTANTS = Integer.getInteger("worldlens.fuzz.iterations", 60);
    private static final long SEED = Long.getLong("worldlens.fuzz.seed", 0L);

    @Test
    void aDamagedStoreGivesItsOwnErrors(@TempDir Path dir) throws Exception {
        EpisodeSource data = Fixtures.tabletop(3, 5);
        FeatureStore store = Fixtures.encode(Fixtures.state(), data, dir);
        List<String> findings = new ArrayList<>();
        for (Path file : List.of(dir.resolve(FeatureStore.INDEX), dir.resolve(store.index().episodes().get(1).file()))) {
            findings.addAll(FileFuzzer.run(file, MUTANTS, SEED, 20, t -> t instanceof InvalidInputException, f -> {
                FeatureStore s = FeatureStore.open(dir);
                for (int i = 0; i < s.size(); i++) {
                    s.episode(i, true);
                }
            }));
        }
        assertTrue(findings.isEmpty(), findings.size() + " findings:\n" + String.join("\n", findings));
    }
}
