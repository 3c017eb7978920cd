package dev.worldlens.data.hdf5;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.RgbImage;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Hdf5DemoReaderTest {
    @TempDir
    Path tmp;

    /** A 2-frame 2x3 image whose bytes count up from base, so every pixel's position is checkable. */
    private static byte[][][][] images(int t, int base) {
        byte[][][][] img = new byte[t][2][3][3];
        int v = base;
        for (int f = 0; f < t; f++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    for (int c = 0; c < 3; c++) {
                        img[f][y][x][c] = (byte) v++;
                    }
                }
            }
        }
        return img;
    }

    private static void demo(WritableGroup data, String name, int t, int dim, boolean withActions) {
        WritableGroup d = data.putGroup(name);
        float[][] actions = new float[t][dim];
        float[][] states = new float[t][2];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < dim; j++) {
                actions[i][j] = i * 10 + j;
            }
            states[i] = new float[]{-i, i + 0.5f};
        }
        if (withActions) {
            d.putDataset("actions", actions);
        }
        d.putDataset("states", states);
        WritableGroup obs = d.putGroup("obs");
        obs.putDataset("agentview_rgb", images(t, 0));
        obs.putDataset("ee_pos", new float[t][3]);
    }

    private Path libero(Consumer<WritableGroup> extra) {
        Path f = tmp.resolve("libero_task.hdf5");
        try (WritableHdfFile h = HdfFile.write(f)) {
            WritableGroup data = h.putGroup("data");
            data.putAttribute("problem_info", "{\"problem_name\": \"libero_tabletop_manipulation\", "
                    + "\"language_instruction\": \"put the bowl on the plate\"}");
            data.putAttribute("env_name", "Libero_Tabletop_Manipulation");
            demo(data, "demo_10", 2, 7, true);
            demo(data, "demo_2", 3, 7, true);
            extra.accept(data);
        }
        return f;
    }

    @Test
    void readsLiberoDemosInNumericOrderWithUprightFrames() {
        try (Hdf5DemoReader r = Hdf5DemoReader.open(libero(d -> { }))) {
            assertTrue(r.isLibero());
            assertTrue(r.upright());
            assertEquals(List.of("demo_2", "demo_10"), r.demoNames());
            Episode e = r.episode(0);
            assertEquals(3, e.length());
            assertArrayEquals(new float[]{20, 21, 22, 23, 24, 25, 26}, e.actions()[2]);
            assertArrayEquals(new float[]{-1, 1.5f}, e.states()[1]);
            assertEquals(List.of(3, 4, 5), e.actionSchema().group(ActionSchema.ROTATION));
            assertEquals(List.of("agentview_rgb"), e.frames().cameras());
            assertEquals(List.of(new LanguageWindow(0, 3, "libero_tabletop_manipulation",
                    "put the bowl on the plate")), e.windows());
            assertEquals("Libero_Tabletop_Manipulation", e.sceneId());
            // frame 1 stores bytes 18..35; rotated 180 degrees, stored pixel (x=2, y=1) lands at (0, 0)
            RgbImage img = e.frames().frame("agentview_rgb", 1);
            assertEquals(3, img.width());
            assertEquals(2, img.height());
            assertEquals(18 + (1 * 3 + 2) * 3, img.red(0, 0));
            assertEquals(18 + 2, img.blue(2, 1));
        }
    }

    @Test
    void robomimicKeepsFramesAsStoredAndReadsMasks() {
        Path f = tmp.resolve("lift_ph.hdf5");
        try (WritableHdfFile h = HdfFile.write(f)) {
            WritableGroup data = h.putGroup("data");
            data.putAttribute("env_args", "{\"env_name\": \"Lift\", \"env_type\": 1}");
            demo(data, "demo_0", 2, 4, true);
            demo(data, "demo_1", 2, 4, true);
            WritableGroup mask = h.putGroup("mask");
            mask.putDataset("train", new String[]{"demo_0"});
            mask.putDataset("valid", new String[]{"demo_1"});
        }
        try (Hdf5DemoReader r = Hdf5DemoReader.open(f)) {
            assertFalse(r.upright());
            assertEquals(Map.of("train", List.of("demo_0"), "valid", List.of("demo_1")), r.splits());
            Episode e = r.episode(1);
            assertEquals(List.of("a0", "a1", "a2", "a3"), e.actionSchema().names());
            assertEquals("Lift", e.sceneId());
            assertTrue(e.windows().isEmpty());
            RgbImage img = e.frames().frame("agentview_rgb", 0);
            assertEquals(0, img.red(0, 0));
            assertEquals((1 * 3 + 2) * 3 + 1, img.green(2, 1));
        }
    }

    @Test
    void notHdf5() throws Exception {
        Path f = tmp.resolve("junk.hdf5");
        Files.write(f, new byte[]{1, 2, 3, 4});
        expect(() -> Hdf5DemoReader.open(f), "junk.hdf5", "HDF5");
    }

    @Test
    void missingDataGroup() {
        Path f = tmp.resolve("empty.hdf5");
        try (WritableHdfFile h = HdfFile.write(f)) {
            h.putGroup("other");
        }
        expect(() -> Hdf5DemoReader.open(f), "empty.hdf5", "'data'");
    }

    @Test
    void demoWithoutActions() {
        Path f = libero(d -> demo(d, "demo_11", 2, 7, false));
        expect(() -> Hdf5DemoReader.open(f).episode(2), "libero_task.hdf5", "demo_11/actions");
    }

    @Test
    void frameCountDiffersFromActionCount() {
        Path f = libero(d -> {
            WritableGroup g = d.putGroup("demo_12");
            g.putDataset("actions", new float[3][7]);
            g.putGroup("obs").putDataset("agentview_rgb", images(2, 0));
        });
        expect(() -> Hdf5DemoReader.open(f).episode(2), "libero_task.hdf5", "demo_12", "2 frames", "3 actions");
    }

    @Test
    void demoWithoutAnObsGroup() {
        Path f = libero(d -> d.putGroup("demo_14").putDataset("actions", new float[2][7]));
        expect(() -> Hdf5DemoReader.open(f).episode(2), "libero_task.hdf5", "demo_14/obs", "missing");
    }

    @Test
    void nanAction() {
        Path f = libero(d -> {
            float[][] a = new float[2][7];
            a[1][3] = Float.NaN;
            d.putGroup("demo_13").putDataset("actions", a);
        });
        expect(() -> Hdf5DemoReader.open(f).episode(2), "libero_task.hdf5", "demo_13/actions", "NaN");
    }

    @Test
    void truncatedFileNamesTheFile() throws Exception {
        Path f = libero(d -> { });
        byte[] bytes = java.nio.file.Files.readAllBytes(f);
        java.nio.file.Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        expect(() -> {
            Hdf5DemoReader r = Hdf5DemoReader.open(f);
            for (int i = 0; i < r.size(); i++) {
                r.episode(i).frames().frame(r.episode(i).frames().cameras().get(0), 0);
            }
        }, "libero_task.hdf5");
    }

    private static void expect(Runnable r, String... parts) {
        InvalidInputException e = assertThrows(InvalidInputException.class, r::run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
    }
}
