package dev.worldlens.sim;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TabletopWorld.copy() is the same world: the same actions move both identically, and neither touches the other. */
class WorldCopyTest {

    @Test
    void aCopyFollowsTheOriginalExactlyThroughContactsAndGrasps() {
        int compared = 0;
        for (int seed = 0; seed < 6; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            TabletopWorld world = new TabletopWorld(Scene.values()[seed % 4].realise(Setting.STATIC, rng), rng);
            TabletopWorld copy = null;
            int tasksRun = 0;
            for (Task task : Task.all()) {
                if (tasksRun == 3) {
                    break;
                }
                if (!TaskOracle.canStart(task, world)) {
                    continue;
                }
                tasksRun++;
                ScriptedExpert expert = ScriptedExpert.forTask(task, world, ExpertStyle.DEFAULT, rng);
                for (float[] a = expert.act(world); a != null; a = expert.act(world)) {
                    if (copy == null && world.steps() == 25) {
                        copy = world.copy();
                        assertArrayEquals(world.state().values(), copy.state().values());
                    }
                    world.step(a);
                    if (copy != null) {
                        copy.step(a);
                        assertArrayEquals(world.state().values(), copy.state().values(),
                                "seed " + seed + " step " + world.steps() + " task " + task.id());
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 300, "steps compared: " + compared);
    }

    @Test
    void stepsOnTheCopyLeaveTheOriginalAlone() {
        SplittableRandom rng = new SplittableRandom(3);
        TabletopWorld world = new TabletopWorld(Scene.A.realise(Setting.STATIC, rng), rng);
        world.step(new float[]{0.5f, 0.5f, 0.1f, -1});
        float[] before = world.state().values();
        TabletopWorld copy = world.copy();
        for (int i = 0; i < 10; i++) {
            copy.step(new float[]{1, -1, 0.5f, 1});
        }
        assertArrayEquals(before, world.state().values());
        assertNotEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(copy.state().values()));
    }
}
