package dev.worldlens.policy.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.worldlens.policy.Observation;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import dev.worldlens.sim.TabletopState;
import dev.worldlens.sim.TabletopWorld;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state references' tokens: the gripper frame holds every block relative to the gripper, whatever is asked. */
class StateFeatureTokensTest {

    private static Observation observation(float[] state, String instruction) {
        return new Observation(Map.of("top", new dev.worldlens.core.RgbImage(8, 8, new byte[8 * 8 * 3])), state,
                instruction);
    }

    @Test
    void theGripperFrameIsTheWholeStateRelativeToTheGripperAndIgnoresTheInstruction() {
        SplittableRandom rng = new SplittableRandom(4);
        TabletopWorld world = new TabletopWorld(Scene.B.realise(Setting.STATIC, rng), rng);
        world.step(new float[]{0.3f, -0.2f, 0.5f, -1});
        float[] v = world.state().values();
        TabletopState s = new TabletopState(v);
        float[] f = new GripperFrameFeatures().of(v, null);
        assertEquals(GripperFrameFeatures.WIDTH, f.length);
        for (int b = 0; b < 3; b++) {
            assertEquals(s.blockX(b) - s.gripperX(), f[4 + 6 * b], 1e-6, "block " + b + " dx");
            assertEquals(s.blockY(b) - s.gripperY(), f[5 + 6 * b], 1e-6, "block " + b + " dy");
        }
        assertEquals(0.13 - s.gripperX(), f[22], 1e-6, "the left pad");
        try (NDManager m = NDManager.newBaseManager()) {
            StateFeatureTokens tokens = StateFeatureTokens.gripperFrame();
            NDArray a = tokens.tokens(m, List.of(observation(v, "lift the red block"),
                    observation(v, "words no task has")));
            assertArrayEquals(new long[]{2, 1, 1, GripperFrameFeatures.WIDTH}, a.getShape().getShape());
            float[] values = a.toFloatArray();
            assertArrayEquals(f, java.util.Arrays.copyOfRange(values, 0, f.length));
            assertArrayEquals(f, java.util.Arrays.copyOfRange(values, f.length, 2 * f.length));
        }
    }

    @Test
    void objectTokensSayWhatEachObjectIsAndWhereItLiesFromTheGripper() {
        SplittableRandom rng = new SplittableRandom(6);
        float[] v = new TabletopWorld(Scene.C.realise(Setting.STATIC, rng), rng).state().values();
        TabletopState s = new TabletopState(v);
        float[] t = ObjectTokens.of(v);
        int w = ObjectTokens.WIDTH;
        assertEquals(ObjectTokens.TOKENS * w, t.length);
        for (int b = 0; b < 3; b++) {
            int at = (1 + b) * w;
            assertEquals(1f, t[at + 1], "token " + (1 + b) + " is a block");
            for (int c = 0; c < 3; c++) {
                assertEquals(c == b ? 1f : 0f, t[at + 7 + c], "block " + b + " colour " + c);
            }
            assertEquals(s.blockX(b) - s.gripperX(), t[at + 10], 1e-6);
            assertEquals(s.blockY(b) - s.gripperY(), t[at + 11], 1e-6);
        }
        assertEquals(1f, t[4 * w + 2], "token 4 is the left pad");
        assertEquals(0.13 - s.gripperX(), t[4 * w + 10], 1e-6);
        assertEquals((float) s.drawerOpening(), t[6 * w + 12], "the handle's token holds the drawer's opening");
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new long[]{1, 1, ObjectTokens.TOKENS, w}, new ObjectTokens().tokens(m,
                    List.of(observation(v, "anything"))).getShape().getShape());
        }
    }

    @Test
    void theTaskFrameNeedsAnInstructionItKnows() {
        SplittableRandom rng = new SplittableRandom(5);
        float[] v = new TabletopWorld(Scene.A.realise(Setting.STATIC, rng), rng).state().values();
        try (NDManager m = NDManager.newBaseManager()) {
            StateFeatureTokens tokens = StateFeatureTokens.taskFrame();
            assertEquals(TaskFrameFeatures.WIDTH, tokens.channels());
            assertEquals(TaskFrameFeatures.WIDTH, tokens.tokens(m, List.of(observation(v, "lift the red block")))
                    .getShape().get(3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tokens.tokens(m, List.of(observation(v, "dance"))));
            assertTrue(e.getMessage().contains("'dance'"), e.getMessage());
        }
    }
}
