package dev.worldlens.data.lerobot;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.fuzz.FileFuzzer;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.data.calvin.PickleReader;
import dev.worldlens.data.npy.NpyArray;
import dev.worldlens.data.npy.NpyFile;
import dev.worldlens.data.npy.NpzFile;
import dev.worldlens.data.npy.NpzWriter;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded byte-mutation fuzzer over the readers: valid files made here are damaged ({@link dev.worldlens.core.fuzz.ByteMutator}) and read
 * back whole. Every outcome must be a read or the reader's own error
 * (InvalidInputException naming the file; IllegalArgumentException for the pickle decoder, which its CALVIN caller
 * wraps), within a time bound; anything else (an OutOfMemoryError, a NegativeArraySize, a library exception, a hang)
 * is a finding. CI runs {@value #DEFAULT_ITERATIONS} mutations per target with seed 0;
 * {@code -Dworldlens.fuzz.iterations=N -Dworldlens.fuzz.seed=S} runs longer (see BENCHMARKS.md).
 */
class ReaderFuzzTest {
    static final int DEFAULT_ITERATIONS = 60;
    private static final int ITERATIONS = Integer.getInteger("worldlens.fuzz.iterations", DEFAULT_ITERATIONS);
    private static final long SEED = Long.getLong("worldlens.fuzz.seed", 0L);
    private static final long TIME_BOUND_S = 20;

    @TempDir
    Path dir;

    /** Runs {@code read} on mutants of {@code file}; returns the findings. */
    private static List<String> fuzz(Path file, FileFuzzer.Read read, boolean pickle) throws Exception {
        return FileFuzzer.run(file, ITERATIONS, SEED, TIME_BOUND_S, t -> t instanceof InvalidInputException
                || pickle && t instanceof IllegalArgumentException, read);
    }

    /** Opens a dataset and reads every episode and every frame, as `data info` then `encode` would. */
    private static void readAll(Path root) {
        try (EpisodeSource source = DatasetFormats.open(root)) {
            for (int e = 0; e < source.size(); e++) {
                Episode ep = source.episode(e);
                for (String camera : ep.frames().cameras()) {
                    for (int t = 0; t < ep.length(); t++) {
                        ep.frames().frame(camera, t);
                    }
                }
            }
        }
    }

    private static void assertNoFindings(List<String> findings) {
        assertTrue(findings.isEmpty(), findings.size() + " findings:\n" + String.join("\n", findings));
    }

    @Test
    void leRobotFilesDamagedAnyHowGiveTheReadersOwnErrors() throws Exception {
        Path root = dir.resolve("lerobot");
        SyntheticEpisodes.writeDataset(root, 3);
        List<String> findings = new ArrayList<>();
        for (String f : List.of("meta/info.json", "meta/tasks.parquet", "meta/episodes/chunk-000/file-000.parquet",
                "data/chunk-000/file-000.parquet", "meta/worldlens.json")) {
            findings.addAll(fuzz(root.resolve(f), file -> readAll(root), false));
        }
        assertNoFindings(findings);
    }

    @Test
    void numpyFilesAndPicklesDamagedAnyHowGiveTheReadersOwnErrors() throws Exception {
        Path npy = dir.resolve("ids.npy");
        NpyFile.write(npy, NpyArray.ofLongs(new long[]{10, 13, 20, 22}, 2, 2));
        Path npz = dir.resolve("episode_0000010.npz");
        NpzWriter.write(npz, Map.of("rel_actions", NpyArray.ofFloats(new float[7], 7),
                "rgb_static", NpyArray.ofUint8(new byte[12], 2, 2, 3)));
        Path pickle = dir.resolve("lang.pkl");
        // {'language': {'ann': ['open the drawer'], 'task': ['open_drawer']}, 'info': {'indx': [(10, 13)]}}
        Files.write(pickle, new byte[]{(byte) 0x80, 4, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0, 0, '}', (byte) 0x94,
                (byte) 0x8c, 4, 'i', 'n', 'f', 'o', (byte) 0x94, '}', (byte) 0x94, (byte) 0x8c, 4, 'i', 'n', 'd', 'x',
                (byte) 0x94, ']', (byte) 0x94, 'K', 10, 'K', 13, (byte) 0x86, (byte) 0x94, 'a', 's', 's', '.'});
        List<String> findings = new ArrayList<>();
        findings.addAll(fuzz(npy, NpyFile::read, false));
        findings.addAll(fuzz(npz, file -> NpzFile.read(file), false));
        findings.addAll(fuzz(pickle, file -> PickleReader.load(Files.readAllBytes(file)), true));
        assertNoFindings(findings);
    }

    @Test
    void hdf5DemosDamagedAnyHowGiveTheReadersOwnErrors() throws Exception {
        Path file = dir.resolve("demo.hdf5");
        try (WritableHdfFile h = HdfFile.write(file)) {
            WritableGroup data = h.putGroup("data");
            WritableGroup d = data.putGroup("demo_0");
            d.putDataset("actions", new float[3][7]);
            d.putGroup("obs").putDataset("agentview_rgb", new byte[3][4][4][3]);
        }
        assertNoFindings(fuzz(file, ReaderFuzzTest::readAll, false));
    }
}
