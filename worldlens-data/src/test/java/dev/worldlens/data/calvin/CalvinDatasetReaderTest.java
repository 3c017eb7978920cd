package dev.worldlens.data.calvin;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.RgbImage;
import dev.worldlens.data.npy.NpyArray;
import dev.worldlens.data.npy.NpyFile;
import dev.worldlens.data.npy.NpzWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalvinDatasetReaderTest {
    @TempDir
    Path tmp;

    /** A split with episodes [10,13] and [20,22]; values encode the step so that reads can be checked exactly. */
    private Path split() throws Exception {
        Path dir = tmp.resolve("task_D_D").resolve("training");
        Files.createDirectories(dir);
        NpyFile.write(dir.resolve("ep_start_end_ids.npy"), NpyArray.ofLongs(new long[]{10, 13, 20, 22}, 2, 2));
        for (int s : new int[]{10, 11, 12, 13, 20, 21, 22}) {
            writeStep(dir, s, step(s));
        }
        return dir;
    }

    private static Map<String, NpyArray> step(int s) {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        float[] rel = new float[7];
        float[] abs = new float[7];
        for (int i = 0; i < 7; i++) {
            rel[i] = s + i / 10f;
            abs[i] = -s - i;
        }
        float[] robot = new float[15];
        for (int i = 0; i < 15; i++) {
            robot[i] = s * 100 + i;
        }
        byte[] stat = new byte[2 * 3 * 3]; // 2 rows, 3 columns
        for (int i = 0; i < stat.length; i++) {
            stat[i] = (byte) (s + i);
        }
        m.put("rgb_static", NpyArray.ofUint8(stat, 2, 3, 3));
        m.put("rgb_gripper", NpyArray.ofUint8(new byte[]{(byte) s, 1, 2}, 1, 1, 3));
        m.put("actions", NpyArray.ofFloats(abs, 7));
        m.put("rel_actions", NpyArray.ofFloats(rel, 7));
        m.put("robot_obs", NpyArray.ofFloats(robot, 15));
        m.put("scene_obs", NpyArray.ofFloats(new float[24], 24));
        return m;
    }

    private static void writeStep(Path dir, int s, Map<String, NpyArray> m) {
        NpzWriter.write(dir.resolve(String.format("episode_%07d.npz", s)), m);
    }

    private static Path pickleFixture() throws Exception {
        return Path.of(CalvinDatasetReaderTest.class.getResource("/fixtures/calvin/auto_lang_ann.npy").toURI());
    }

    @Test
    void readsEpisodesActionsStatesFramesAndPickledLanguage() throws Exception {
        Path dir = split();
        Files.createDirectories(dir.resolve("lang_annotations"));
        Files.copy(pickleFixture(), dir.resolve("lang_annotations/auto_lang_ann.npy"));
        try (CalvinDatasetReader r = CalvinDatasetReader.open(dir)) {
            assertEquals(2, r.size());
            Episode e = r.episode(0);
            assertEquals("D", e.sceneId());
            assertEquals(4, e.length());
            assertArrayEquals(new float[]{11f, 11.1f, 11.2f, 11.3f, 11.4f, 11.5f, 11.6f}, e.actions()[1]);
            assertEquals(1114f, e.states()[1][14]);
            assertEquals(15, e.stateNames().size());
            assertEquals("gripper_opening_width", e.stateNames().get(6));
            assertEquals(List.of(6), e.actionSchema().group(ActionSchema.GRIPPER));
            assertEquals(List.of("static", "gripper"), e.frames().cameras());
            RgbImage img = e.frames().frame("static", 2);
            assertEquals(3, img.width());
            assertEquals(2, img.height());
            assertEquals(12 + 3 * 3 + 2 * 3 + 1, img.green(2, 1)); // row 1, column 2, channel 1
            assertEquals(13, e.frames().frame("gripper", 3).red(0, 0));
            // (11,13) lies in episode 0; (20,22) covers all of episode 1; ends are inclusive in CALVIN
            assertEquals(List.of(new LanguageWindow(1, 4, "push_red_block_left", "push the red block left")),
                    e.windows());
            assertEquals(List.of(new LanguageWindow(0, 3, "open_drawer", "open the drawer")),
                    r.episode(1).windows());
        }
    }

    @Test
    void absoluteActionsAndJsonSidecar() throws Exception {
        Path dir = split();
        Files.createDirectories(dir.resolve("lang_annotations"));
        Files.writeString(dir.resolve("lang_annotations/auto_lang_ann.json"), "{\"language\": {\"ann\": [\"lift\"],"
                + " \"task\": [\"lift_blue\"]}, \"info\": {\"indx\": [[10, 11]]}}");
        try (CalvinDatasetReader r = CalvinDatasetReader.open(dir, true)) {
            Episode e = r.episode(0);
            assertArrayEquals(new float[]{-10, -11, -12, -13, -14, -15, -16}, e.actions()[0]);
            assertEquals(List.of(new LanguageWindow(0, 2, "lift_blue", "lift")), e.windows());
            assertEquals("lift_blue", e.taskIdAt(1));
        }
    }

    @Test
    void pickleReaderTurnsNumpyScalarsIntoNumbers() throws Exception {
        NpyArray a = NpyFile.read(pickleFixture());
        Object v = PickleReader.unwrapObjectArray(PickleReader.load(a.raw()));
        Map<?, ?> info = (Map<?, ?>) ((Map<?, ?>) v).get("info");
        assertEquals(List.of(List.of(11L, 13L), List.of(20L, 22L)), info.get("indx"));
    }

    @Test
    void missingEpisodeIds() throws Exception {
        Path dir = split();
        Files.delete(dir.resolve("ep_start_end_ids.npy"));
        expect(() -> CalvinDatasetReader.open(dir), "ep_start_end_ids.npy", "not found");
    }

    @Test
    void missingStepFile() throws Exception {
        Path dir = split();
        Files.delete(dir.resolve("episode_0000021.npz"));
        expect(() -> CalvinDatasetReader.open(dir).episode(1), "episode_0000021.npz", "step 21");
    }

    @Test
    void aRangeBeyondTheStepFilesIsRefusedAtOpenNotAllocated() throws Exception {
        Path dir = split();
        NpyFile.write(dir.resolve("ep_start_end_ids.npy"), NpyArray.ofLongs(new long[]{10, 13, 20, 2_000_000_000L},
                2, 2));
        expect(() -> CalvinDatasetReader.open(dir), "ep_start_end_ids.npy", "row 1", "episode_2000000000.npz");
    }

    @Test
    void wrongActionLength() throws Exception {
        Path dir = split();
        Map<String, NpyArray> m = step(12);
        m.put("rel_actions", NpyArray.ofFloats(new float[6], 6));
        writeStep(dir, 12, m);
        expect(() -> CalvinDatasetReader.open(dir).episode(0), "episode_0000012.npz", "rel_actions");
    }

    @Test
    void nanAction() throws Exception {
        Path dir = split();
        Map<String, NpyArray> m = step(13);
        m.put("rel_actions", NpyArray.ofFloats(new float[]{0, 0, Float.NaN, 0, 0, 0, 0}, 7));
        writeStep(dir, 13, m);
        expect(() -> CalvinDatasetReader.open(dir).episode(0), "episode_0000013.npz", "rel_actions", "step 13",
                "NaN");
    }

    @Test
    void imageNotHxWx3() throws Exception {
        Path dir = split();
        Map<String, NpyArray> m = step(10);
        m.put("rgb_static", NpyArray.ofUint8(new byte[4], 2, 2));
        writeStep(dir, 10, m);
        Episode e = CalvinDatasetReader.open(dir).episode(0);
        expect(() -> e.frames().frame("static", 0), "episode_0000010.npz", "rgb_static", "HxWx3");
    }

    private static void expect(Runnable r, String... parts) {
        InvalidInputException e = assertThrows(InvalidInputException.class, r::run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
    }
}
