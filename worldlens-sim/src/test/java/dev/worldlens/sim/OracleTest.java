package dev.worldlens.sim;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OracleTest {
    @Test
    void noTaskCountsAsDoneOnItsStartState() {
        SplittableRandom rng = new SplittableRandom(3);
        int checked = 0;
        for (Scene scene : Scene.values()) {
            for (Setting setting : Setting.values()) {
                for (int i = 0; i < 25; i++) {
                    TabletopWorld w = new TabletopWorld(scene.realise(setting, rng), rng);
                    TabletopState s = w.state();
                    for (Task t : Task.all()) {
                        if (TaskOracle.canStart(t, w)) {
                            assertFalse(TaskOracle.success(t, w.layout(), s, s), t.id() + " done at its start");
                            checked++;
                        }
                    }
                }
            }
        }
        assertTrue(checked > 1000, "too few valid (task, start) pairs checked: " + checked);
    }

    @Test
    void anIdleGripperCompletesNothing() {
        SplittableRandom rng = new SplittableRandom(4);
        TabletopWorld w = new TabletopWorld(Scene.B.realise(Setting.STATIC, rng), rng);
        TabletopState start = w.state();
        for (int i = 0; i < 40; i++) {
            w.step(new float[]{0, 0, 0, -1});
        }
        for (Task t : Task.all()) {
            assertFalse(TaskOracle.success(t, w.layout(), start, w.state()), t.id());
        }
    }

    @Test
    void thereAreAtLeastSixteenTaskTypesWithSeveralPhrasingsAndSomeNeedRotation() {
        assertTrue(TaskType.values().length >= 16);
        for (TaskType t : TaskType.values()) {
            assertTrue(t.templates().size() >= 3, t.id());
        }
        assertTrue(List.of(TaskType.values()).stream().anyMatch(TaskType::needsRotation));
        assertEquals(Task.vocabulary().size(), Task.vocabulary().stream().distinct().count(),
                "every instruction names one task");
    }

    @Test
    void actionsAreCheckedAndClipped() {
        SplittableRandom rng = new SplittableRandom(5);
        TabletopWorld w = new TabletopWorld(Scene.A.realise(Setting.STATIC, rng), rng);
        assertThrows(IllegalArgumentException.class, () -> w.step(new float[]{0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> w.step(new float[]{Float.NaN, 0, 0, 0}));
        double x = w.gripperX();
        w.step(new float[]{5, 0, 0, -1});
        assertEquals(Math.min(x + TabletopWorld.MAX_STEP, TabletopWorld.WORKSPACE_MAX), w.gripperX(), 1e-9);
    }
}
