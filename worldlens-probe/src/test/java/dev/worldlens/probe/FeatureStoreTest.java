package dev.worldlens.probe;

import dev.worldlens.nn.train.RecordingProgress;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureStoreTest {
    static EpisodeSource data;

    @BeforeAll
    static void generate() {
        data = Fixtures.tabletop(6, 5);
    }

    @Test
    void storesWhatTheEncoderReturnedAndTheActions(@TempDir Path dir) {
        RecordingProgress progress = new RecordingProgress();
        FeatureStore store = Fixtures.encode(Fixtures.state(), data, dir, progress);
        assertEquals(6, store.size());
        long frames = 0;
        for (int i = 0; i < data.size(); i++) {
            frames += data.episode(i).length();
        }
        RecordingProgress.Recorded bar = progress.bar("encode test-state");
        assertEquals(List.of(frames, frames, true), List.of(bar.total(), bar.current(), bar.closed()));
        for (int i = 0; i < store.size(); i++) {
            EpisodeFeatures f = store.episode(i, false);
            for (int t = 0; t < f.length(); t++) {
                assertArrayEquals(data.episode(i).states()[t], Arrays.copyOfRange(f.pooled(), t * f.width(),
                        (t + 1) * f.width()));
                assertArrayEquals(data.episode(i).actions()[t], Arrays.copyOfRange(f.actions(), t * 4, t * 4 + 4));
            }
        }
        assertEquals(data.episode(2).windows(), store.index().episodes().get(2).windows());
    }

    @Test
    void aCorruptEpisodeFileIsNamedAndRebuiltByTheNextEncode(@TempDir Path dir) throws Exception {
        FeatureStore store = Fixtures.encode(Fixtures.state(), data, dir);
        Path file = dir.resolve(store.index().episodes().get(3).file());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> store.episode(3, false));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("checksum"), e.getMessage());
        Files.delete(dir.resolve(FeatureStore.INDEX));
        FeatureStore again = Fixtures.encode(Fixtures.state(), data, dir);
        assertEquals(data.episode(3).length(), again.episode(3, false).length());
    }

    @Test
    void aFinishedStoreRebuildsItsMissingAndCorruptFilesAsItsMessagesSay(@TempDir Path dir) throws Exception {
        FeatureStore store = Fixtures.encode(Fixtures.state(), data, dir);
        Path corrupt = dir.resolve(store.index().episodes().get(1).file());
        Path deleted = dir.resolve(store.index().episodes().get(4).file());
        byte[] original = Files.readAllBytes(corrupt);
        byte[] flipped = original.clone();
        flipped[40] ^= 1;
        Files.write(corrupt, flipped);
        byte[] gone = Files.readAllBytes(deleted);
        Files.delete(deleted);
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> store.episode(4, false));
        assertTrue(missing.getMessage().contains(deleted.toString()) && missing.getMessage().contains("missing")
                && missing.getMessage().contains("run encode again"), missing.getMessage());
        // the index is still there and still matches: the next encode must not take the store as finished
        FeatureStore again = Fixtures.encode(Fixtures.state(), data, dir);
        assertArrayEquals(original, Files.readAllBytes(corrupt), "the corrupt file rebuilt as it was");
        assertArrayEquals(gone, Files.readAllBytes(deleted), "the deleted file rebuilt as it was");
        assertEquals(data.episode(4).length(), again.episode(4, false).length());
    }

    @Test
    void anIndexNamingAFileOutsideItsStoreIsRefused(@TempDir Path dir) throws Exception {
        Fixtures.encode(Fixtures.state(), data, dir.resolve("store"));
        Path index = dir.resolve("store").resolve(FeatureStore.INDEX);
        Files.writeString(dir.resolve("secret"), "not features");
        Files.writeString(index, Files.readString(index).replace("episodes/ep-000002.wlf", "../secret"));
        FeatureStore store = FeatureStore.open(dir.resolve("store"));
        String message = assertThrows(InvalidInputException.class, () -> store.episode(2, false)).getMessage();
        assertTrue(message.contains("episodes[2].file") && message.contains("outside the store"), message);
    }

    @Test
    void anInterruptedEncodeKeepsFinishedEpisodes(@TempDir Path dir) throws Exception {
        Fixtures.encode(Fixtures.state(), data, dir);
        Files.delete(dir.resolve(FeatureStore.INDEX));
        Path kept = dir.resolve(FeatureStore.episodeFileName(data.episode(0).index()));
        long before = Files.getLastModifiedTime(kept).toMillis();
        Files.delete(dir.resolve(FeatureStore.episodeFileName(data.episode(5).index())));
        Thread.sleep(20);
        FeatureStore store = Fixtures.encode(Fixtures.state(), data, dir);
        assertEquals(before, Files.getLastModifiedTime(kept).toMillis(), "a finished episode was encoded again");
        assertEquals(6, store.size());
    }

    @Test
    void aFinishedStoreWithTheSameEncoderAndDataIsReused(@TempDir Path dir) throws Exception {
        Fixtures.encode(Fixtures.state(), data, dir);
        long before = Files.getLastModifiedTime(dir.resolve(FeatureStore.INDEX)).toMillis();
        Thread.sleep(20);
        RecordingProgress progress = new RecordingProgress();
        Fixtures.encode(Fixtures.state(), data, dir, progress);
        assertEquals(before, Files.getLastModifiedTime(dir.resolve(FeatureStore.INDEX)).toMillis());
        assertEquals(List.of(), progress.names(), "a reused store opens no bar");
    }

    @Test
    void badFeaturesStopWithAMessageNamingTheProblem(@TempDir Path dir) throws Exception {
        FeatureStore store = Fixtures.encode(Fixtures.state(), data, dir);
        // k longer than an episode
        int shortest = store.index().episodes().stream().mapToInt(StoreIndex.Entry::length).min().orElseThrow();
        InvalidInputException k = assertThrows(InvalidInputException.class,
                () -> ProbeData.load(store, shortest, false));
        assertTrue(k.getMessage().contains("k = " + shortest), k.getMessage());
        // NaN in features: rewrite an episode file with a NaN (valid checksum)
        EpisodeFeatures f = store.episode(1, false);
        float[] pooled = f.pooled().clone();
        pooled[7] = Float.NaN;
        FeatureFile.write(dir.resolve(store.index().episodes().get(1).file()),
                new EpisodeFeatures(f.length(), f.width(), f.actionDim(), pooled, f.actions(), 0, null));
        InvalidInputException nan = assertThrows(InvalidInputException.class, () -> ProbeData.load(store, 1, false));
        assertTrue(nan.getMessage().contains("features") && nan.getMessage().contains("NaN"), nan.getMessage());
        // Inf in actions
        float[] actions = f.actions().clone();
        actions[2] = Float.POSITIVE_INFINITY;
        FeatureFile.write(dir.resolve(store.index().episodes().get(1).file()),
                new EpisodeFeatures(f.length(), f.width(), f.actionDim(), f.pooled(), actions, 0, null));
        InvalidInputException inf = assertThrows(InvalidInputException.class, () -> ProbeData.load(store, 1, false));
        assertTrue(inf.getMessage().contains("actions") && inf.getMessage().contains("Infinity"), inf.getMessage());
        // features of another width than the store says
        float[] wide = new float[f.length() * (f.width() + 1)];
        FeatureFile.write(dir.resolve(store.index().episodes().get(1).file()),
                new EpisodeFeatures(f.length(), f.width() + 1, f.actionDim(), wide, f.actions(), 0, null));
        InvalidInputException width = assertThrows(InvalidInputException.class, () -> store.episode(1, false));
        assertTrue(width.getMessage().contains("width"), width.getMessage());
        // a header that lies about the size
        byte[] bytes = Files.readAllBytes(dir.resolve(store.index().episodes().get(0).file()));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 1);
        Path lying = dir.resolve("lying.wlf");
        Files.write(lying, bytes);
        assertThrows(InvalidInputException.class, () -> FeatureFile.read(lying, false));
    }
}
