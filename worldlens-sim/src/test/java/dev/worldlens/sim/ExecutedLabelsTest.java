package dev.worldlens.sim;

import dev.worldlens.core.Episode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Executed labels are the motion the states (and so the frames) show; commanded labels are what the expert asked
 * for. They part where the world refuses a command: at the workspace edge, at the yaw limit, while the gripper holds
 * the drawer handle.
 */
class ExecutedLabelsTest {
    /** Label units; a float state difference near 1 m is exact to about 1e-7 m, i.e. 4e-6 of MAX_STEP. */
    private static final double TOL = 2e-5;
    private static final ActionLabelling EXECUTED = ActionLabelling.DEFAULT;
    private static final ActionLabelling COMMANDED = ActionLabelling.COMMANDED;

    @Test
    void executedLabelsAreTheRecordedStateDifferencesAndCommandedOnesAreNot() {
        GeneratorConfig exec = GeneratorConfig.of(List.of(Scene.A, Scene.B, Scene.C), Setting.RANDOMISED)
                .withoutRendering();
        GeneratorConfig cmd = exec.withLabelling(COMMANDED);
        int steps = 0;
        int differing = 0;
        int handleSteps = 0;
        List<Task> tasks = Task.all();
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            Scene scene = Scene.values()[i % 3];
            EpisodeGenerator.Recording e = new EpisodeGenerator(exec, 0).demonstrate(task, scene,
                    new SplittableRandom(i));
            EpisodeGenerator.Recording c = new EpisodeGenerator(cmd, 0).demonstrate(task, scene,
                    new SplittableRandom(i));
            if (e == null) {
                continue;
            }
            float[][] s = e.states();
            float[][] a = e.actions();
            float[][] commanded = c.actions();
            // the labelling changes what is written down, never what happens
            assertTrue(java.util.Arrays.deepEquals(s, c.states()), task.id());
            for (int t = 0; t + 1 < s.length; t++) {
                assertExecuted(a[t], s[t], s[t + 1], task.id() + " step " + t);
                assertEquals(commanded[t][3], a[t][3], "the gripper label is the command");
                steps++;
                if (maxDifference(a[t], commanded[t]) > 0.05) {
                    differing++;
                }
                // holding the handle: the drawer moves the gripper in y only, whatever dx and dyaw say
                boolean holding = task.type() == TaskType.OPEN_DRAWER || task.type() == TaskType.CLOSE_DRAWER;
                if (holding && a[t][0] == 0f && a[t][2] == 0f && Math.abs(commanded[t][0]) > 0.05) {
                    handleSteps++;
                }
            }
        }
        assertTrue(steps > 1000, "steps checked: " + steps);
        assertTrue(handleSteps >= 5, "steps with the handle held and dx refused: " + handleSteps);
        assertTrue(differing >= handleSteps, differing + " differing steps");
    }

    @Test
    void theWorldsRefusalsShowInExecutedLabelsOnly() {
        SplittableRandom rng = new SplittableRandom(5);
        TabletopWorld w = new TabletopWorld(Scene.A.realise(Setting.STATIC, rng), rng);

        moveTo(w, TabletopWorld.WORKSPACE_MAX - 0.01, 0.5);
        float[][] edge = step(w, new float[]{1, 0.3f, 0, -1});
        assertEquals(1f, edge[0][0]);
        assertEquals(0.4, edge[1][0], TOL, "0.01 m of 0.025 m fit before the workspace edge");
        assertEquals(0.3, edge[1][1], TOL, "dy is not limited there");

        float[][] turn = null;
        while (w.gripperYaw() < TabletopWorld.YAW_LIMIT - 1e-9) {
            turn = step(w, new float[]{0, 0, 1, -1});
        }
        assertEquals(1f, turn[0][2]);
        assertTrue(turn[1][2] < 0.95, "the last turn before the yaw limit is cut short: " + turn[1][2]);
        float[] atLimit = step(w, new float[]{0, 0, 1, -1})[1];
        assertEquals(0, atLimit[2], TOL);

        moveTo(w, w.layout().handleX(), w.layout().handleY(w.drawerOpening()));
        step(w, new float[]{0, 0, 0, 1});
        assertTrue(w.holdingHandle());
        float pull = w.drawerOpening() < 0.5 ? -0.4f : 0.4f;
        float[][] held = step(w, new float[]{0.6f, pull, -0.5f, 1});
        assertArrayEquals(new float[]{0.6f, pull, -0.5f, 1}, held[0]);
        assertEquals(0, held[1][0], 0.0, "dx is refused while the handle is held");
        assertEquals(0, held[1][2], 0.0, "dyaw is refused while the handle is held");
        assertEquals(pull, held[1][1], TOL, "the drawer follows dy");
    }

    @Test
    void withActionRepeatALabelIsTheMotionOfAllItsWorldSteps() {
        GeneratorConfig config = GeneratorConfig.of(List.of(Scene.A, Scene.B, Scene.C), Setting.RANDOMISED)
                .withoutRendering().withLabelling(new ActionLabelling(ActionLabels.EXECUTED, ActionFrame.WORLD, 2));
        double largest = 0;
        int checked = 0;
        for (int i = 0; i < 20; i++) {
            Task task = Task.all().get((7 * i) % Task.all().size());
            EpisodeGenerator.Recording r = new EpisodeGenerator(config, 0).demonstrate(task, Scene.values()[i % 3],
                    new SplittableRandom(100 + i));
            if (r == null) {
                continue;
            }
            assertEquals(2 * r.length(), r.world().steps(), "two world steps per recorded step");
            float[][] s = r.states();
            float[][] a = r.actions();
            for (int t = 0; t + 1 < s.length; t++) {
                assertExecuted(a[t], s[t], s[t + 1], task.id() + " step " + t);
                largest = Math.max(largest, Math.max(Math.abs(a[t][0]), Math.abs(a[t][1])));
                checked++;
            }
        }
        assertTrue(checked > 300, "steps checked: " + checked);
        assertTrue(largest > 1.2, "two steps at full speed move further than one command unit: " + largest);
        assertTrue(largest <= 2 + TOL, "at most two command units: " + largest);
    }

    @Test
    void episodesSayHowTheirActionsAreLabelled() {
        GeneratorConfig config = GeneratorConfig.of(List.of(Scene.B), Setting.STATIC).withCameras(8, 8)
                .withLabelling(new ActionLabelling(ActionLabels.EXECUTED, ActionFrame.GRIPPER, 2));
        Map<String, String> extras = new EpisodeGenerator(config, 3).generate(0).extras();
        assertEquals("executed", extras.get("action_labels"));
        assertEquals("gripper", extras.get("action_frame"));
        assertEquals("2", extras.get("action_repeat"));
        Episode old = new EpisodeGenerator(config.withLabelling(COMMANDED), 3).generate(0);
        assertEquals("commanded", old.extras().get("action_labels"));
        assertEquals("world", old.extras().get("action_frame"));
    }

    static void assertExecuted(float[] label, float[] now, float[] next, String where) {
        assertEquals(next[TabletopState.GRIPPER_X] - now[TabletopState.GRIPPER_X],
                label[0] * TabletopWorld.MAX_STEP, TOL * TabletopWorld.MAX_STEP, where + " dx");
        assertEquals(next[TabletopState.GRIPPER_Y] - now[TabletopState.GRIPPER_Y],
                label[1] * TabletopWorld.MAX_STEP, TOL * TabletopWorld.MAX_STEP, where + " dy");
        assertEquals(next[TabletopState.GRIPPER_YAW] - now[TabletopState.GRIPPER_YAW],
                label[2] * TabletopWorld.MAX_YAW_STEP, TOL * TabletopWorld.MAX_YAW_STEP, where + " dyaw");
    }

    /** One world step: {commanded label, executed label}, the executed one checked against the states. */
    private static float[][] step(TabletopWorld w, float[] command) {
        ActionLabelling.GripperPose before = ActionLabelling.GripperPose.of(w);
        float[] now = w.state().values();
        w.step(command);
        float[] executed = EXECUTED.label(command, before, w);
        assertExecuted(executed, now, w.state().values(), "constructed step");
        return new float[][]{COMMANDED.label(command, before, w), executed};
    }

    /** Drives the open gripper (which hovers over everything) to (x, y). */
    static void moveTo(TabletopWorld w, double x, double y) {
        for (int i = 0; i < 200 && Math.hypot(x - w.gripperX(), y - w.gripperY()) > 1e-9; i++) {
            w.step(new float[]{(float) clip((x - w.gripperX()) / TabletopWorld.MAX_STEP),
                    (float) clip((y - w.gripperY()) / TabletopWorld.MAX_STEP), 0, -1});
        }
        assertEquals(x, w.gripperX(), 1e-6);
        assertEquals(y, w.gripperY(), 1e-6);
    }

    private static double clip(double v) {
        return Math.max(-1, Math.min(1, v));
    }

    private static double maxDifference(float[] a, float[] b) {
        double m = 0;
        for (int d = 0; d < 3; d++) {
            m = Math.max(m, Math.abs(a[d] - b[d]));
        }
        return m;
    }
}
