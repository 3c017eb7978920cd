package dev.worldlens.cli;

import dev.worldlens.core.Episode;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.data.npy.NpyArray;
import dev.worldlens.data.npy.NpyFile;
import dev.worldlens.data.npy.NpzWriter;
import dev.worldlens.data.lerobot.LeRobotDatasetReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A CALVIN split written with the project's own npz writer goes through data info, convert and encode. */
class CalvinThroughTheCliTest {

    static Path calvinSplit(Path root) throws Exception {
        Path dir = root.resolve("task_D_D").resolve("validation");
        Files.createDirectories(dir.resolve("lang_annotations"));
        NpyFile.write(dir.resolve("ep_start_end_ids.npy"), NpyArray.ofLongs(new long[]{0, 5, 6, 11}, 2, 2));
        for (int s = 0; s <= 11; s++) {
            Map<String, NpyArray> m = new LinkedHashMap<>();
            byte[] img = new byte[8 * 8 * 3];
            for (int i = 0; i < img.length; i++) {
                img[i] = (byte) (s * 7 + i);
            }
            float[] rel = new float[7];
            for (int i = 0; i < 7; i++) {
                rel[i] = (float) Math.sin(s + i);
            }
            m.put("rgb_static", NpyArray.ofUint8(img, 8, 8, 3));
            m.put("rgb_gripper", NpyArray.ofUint8(new byte[4 * 4 * 3], 4, 4, 3));
            m.put("actions", NpyArray.ofFloats(new float[7], 7));
            m.put("rel_actions", NpyArray.ofFloats(rel, 7));
            m.put("robot_obs", NpyArray.ofFloats(new float[15], 15));
            m.put("scene_obs", NpyArray.ofFloats(new float[24], 24));
            NpzWriter.write(dir.resolve(String.format("episode_%07d.npz", s)), m);
        }
        Files.writeString(dir.resolve("lang_annotations/auto_lang_ann.json"), "{\"language\": {\"ann\": "
                + "[\"open the drawer\", \"push the red block left\"], \"task\": [\"open_drawer\", \"push_red_left\"]}, "
                + "\"info\": {\"indx\": [[0, 5], [6, 11]]}}");
        return dir;
    }

    @Test
    void infoConvertAndEncodeWorkOnCalvin(@TempDir Path tmp) throws Exception {
        Path split = calvinSplit(tmp);
        CliRun info = CliRun.of("data", "info", split.toString());
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("episodes:     2"), info.out());
        Path out = tmp.resolve("lerobot");
        CliRun convert = CliRun.of("data", "convert", split.toString(), out.toString());
        assertEquals(0, convert.exitCode(), convert.err());
        try (EpisodeSource calvin = DatasetFormats.open(split); LeRobotDatasetReader back = LeRobotDatasetReader.open(out)) {
            assertEquals(2, back.size());
            for (int e = 0; e < 2; e++) {
                Episode a = calvin.episode(e);
                Episode b = back.episode(e);
                assertEquals(a.windows().get(0).instruction(), b.windows().get(0).instruction());
                for (int t = 0; t < a.length(); t++) {
                    assertArrayEquals(a.actions()[t], b.actions()[t]);
                    assertEquals(a.frames().frame("static", t), b.frames().frame("static", t));
                }
            }
        }
        Path feats = tmp.resolve("feats");
        CliRun encode = CliRun.of("encode", "--encoder", "raw:2", "--camera", "static", "--data", split.toString(),
                "--out", feats.toString());
        assertEquals(0, encode.exitCode(), encode.err());
        assertTrue(Files.exists(feats.resolve("store.json")));
    }

    @Test
    void aCalvinRootPointsToItsSplits(@TempDir Path tmp) throws Exception {
        Path split = calvinSplit(tmp);
        Files.move(split, split.resolveSibling("training"));
        CliRun info = CliRun.of("data", "info", split.getParent().toString());
        assertEquals(2, info.exitCode());
        assertTrue(info.err().contains("give one split folder"), info.err());
    }
}
