package dev.worldlens.sim;

import dev.worldlens.core.Episode;
import dev.worldlens.data.lerobot.LeRobotDatasetReader;
import dev.worldlens.data.lerobot.LeRobotDatasetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** State version 2 carries the layout and the block shapes; datasets of version 1 still read. */
class StateVersionTest {

    @Test
    void theStateCarriesTheLayoutAndEachBlocksShape() {
        for (Scene scene : List.of(Scene.A, Scene.D)) {
            EpisodeScene es = scene.realise(Setting.STATIC, new SplittableRandom(1));
            TabletopState s = new TabletopWorld(es, new SplittableRandom(2)).state();
            assertEquals(TabletopState.NAMES.size(), s.values().length);
            float[] v = s.values();
            TableLayout layout = es.layout();
            assertEquals(layout.cabinetX(), v[TabletopState.LAYOUT], 1e-6, scene + " cabinet x");
            assertEquals(layout.buttonX(), v[TabletopState.LAYOUT + 1], 1e-6, scene + " button x");
            assertEquals(layout.buttonY(), v[TabletopState.LAYOUT + 2], 1e-6, scene + " button y");
            assertEquals(layout.switchOnLeftOfLamp() ? 1f : 0f, v[TabletopState.LAYOUT + 3], scene + " switch side");
            assertEquals(layout.region("right").y0() + 0.12, v[TabletopState.LAYOUT + 4], 1e-6, scene + " pad y");
            int shapes = BlockShape.values().length;
            for (int b = 0; b < 3; b++) {
                float[] oneHot = Arrays.copyOfRange(v, TabletopState.SHAPES + shapes * b,
                        TabletopState.SHAPES + shapes * (b + 1));
                float[] want = new float[shapes];
                want[es.blockShapes().get(b).ordinal()] = 1f;
                assertArrayEquals(want, oneHot, scene + " block " + b);
            }
        }
        assertEquals("red_block.shape_cube", TabletopState.NAMES.get(TabletopState.SHAPES));
        assertEquals("layout.cabinet_x", TabletopState.NAMES.get(TabletopState.V1_SIZE));
        assertEquals("lamp.on", TabletopState.NAMES.get(TabletopState.V1_SIZE - 1));
    }

    @Test
    void episodesRecordTheVersionAndVersionOneDatasetsStillRead(@TempDir Path dir) throws Exception {
        GeneratorConfig config = GeneratorConfig.of(List.of(Scene.A), Setting.STATIC).withCameras(16, 16)
                .withPlay(1, 120);
        Episode now = new EpisodeGenerator(config, 3).generate(0);
        assertEquals(Integer.toString(TabletopState.VERSION), now.extras().get("state_version"));
        assertEquals(TabletopState.SIZE, now.states()[0].length);

        // a dataset as written before version 2: the first V1_SIZE values and names, no state_version
        List<String> v1Names = TabletopState.NAMES.subList(0, TabletopState.V1_SIZE);
        float[][] v1States = Arrays.stream(now.states())
                .map(s -> Arrays.copyOf(s, TabletopState.V1_SIZE)).toArray(float[][]::new);
        java.util.Map<String, String> extras = new java.util.LinkedHashMap<>(now.extras());
        extras.remove("state_version");
        Episode old = new Episode(0, now.sceneId(), now.frames(), now.actions(), v1States, now.actionSchema(),
                v1Names, now.windows(), now.fps(), extras);
        Path root = dir.resolve("v1");
        LeRobotDatasetWriter writer = LeRobotDatasetWriter.builder(root).setFps((int) Math.round(Tabletop.FPS))
                .setActionSchema(Tabletop.ACTION_SCHEMA).setStateNames(v1Names)
                .addCamera(Camera.TOP.key(), 16, 16).addCamera(Camera.GRIPPER.key(), 16, 16)
                .optTaskVocabulary(dev.worldlens.sim.dataset.SimDatasetJob.vocabulary()).build();
        writer.writeFile(0, List.of(old));
        writer.finish();
        try (LeRobotDatasetReader reader = LeRobotDatasetReader.open(root)) {
            Episode read = reader.episode(0);
            assertEquals(v1Names, read.stateNames());
            assertFalse(read.extras().containsKey("state_version"));
            for (int t = 0; t < read.length(); t++) {
                assertArrayEquals(Arrays.copyOf(now.states()[t], TabletopState.V1_SIZE), read.states()[t],
                        "step " + t + ": version 1 is the prefix of version 2");
            }
        }
    }
}
