package dev.worldlens.data.lerobot;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded byte-mutation fuzzer over the readers: valid files made here are damaged (bits flipped, bytes set to
 * extremes, truncated, chunks repeated) and read back whole. Every outcome must be a read or the reader's own error
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

    @FunctionalInterface
    interface Read {
        void run(Path file) throws Exception;
    }

    /** Damages a copy of {@code original} in place 1 to 4 times. */
    static byte[] mutate(byte[] original, SplittableRandom rnd) {
        byte[] b = original.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = (byte) (rnd.nextBoolean() ? 0xff : 0x00);
                case 2 -> {
                    // a 4-byte run of extremes: lengths and counts become -1 or 2^31 - 1
                    for (int i = at; i < Math.min(b.length, at + 4); i++) {
                        b[i] = (byte) (rnd.nextBoolean() ? 0xff : 0x7f);
                    }
                }
                case 3 -> b = Arrays.copyOf(b, at);
                default -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                    byte[] longer = new byte[b.length + len];
                    System.arraycopy(b, 0, longer, 0, at + len);
                    System.arraycopy(b, at, longer, at + len, b.length - at);
                    b = longer;
                }
            }
        }
        return b;
    }

    /** Runs {@code read} on mutants of {@code file} (restored after each); returns the findings. */
    private static List<String> fuzz(Path file, Read read, boolean pickle) throws Exception {
        byte[] original = Files.readAllBytes(file);
        SplittableRandom rnd = new SplittableRandom(SEED ^ file.getFileName().toString().hashCode());
        List<String> findings = new ArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < ITERATIONS; i++) {
                Files.write(file, mutate(original, rnd));
                Future<?> f = pool.submit(() -> {
                    read.run(file);
                    return null;
                });
                try {
                    f.get(TIME_BOUND_S, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    findings.add(file.getFileName() + " #" + i + ": no answer in " + TIME_BOUND_S + " s");
                    pool.shutdownNow();
                    pool = Executors.newSingleThreadExecutor();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable t = e.getCause();
                    boolean ours = t instanceof InvalidInputException
                            || pickle && t instanceof IllegalArgumentException;
                    if (!ours) {
                        findings.add(file.getFileName() + " #" + i + ": " + t);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            Files.write(file, original);
        }
        return findings;
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
