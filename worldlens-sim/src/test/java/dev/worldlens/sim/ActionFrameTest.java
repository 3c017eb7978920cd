package dev.worldlens.sim;

import dev.worldlens.core.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gripper-frame labels are the world motion turned by minus the yaw at t, which is how the gripper camera sees it: a
 * forward label moves the image the same way at every yaw.
 */
class ActionFrameTest {
    private static final double TOL = 2e-5;
    /** Full steps per image comparison: 13.3 px at 64 px, so the shift estimate's pixel of error is under 12%. */
    private static final int STEPS = 3;
    private static final ActionLabelling GRIPPER = new ActionLabelling(ActionLabels.EXECUTED, ActionFrame.GRIPPER, 1);

    @Test
    void gripperFrameLabelsAreTheStateMotionTurnedByMinusTheYaw() {
        GeneratorConfig config = GeneratorConfig.of(List.of(Scene.A, Scene.B, Scene.C), Setting.RANDOMISED)
                .withoutRendering().withLabelling(new ActionLabelling(ActionLabels.EXECUTED, ActionFrame.GRIPPER, 1));
        int checked = 0;
        double largestYaw = 0;
        double largestTurn = 0;
        for (int i = 0; i < 24; i++) {
            Task task = Task.all().get((5 * i) % Task.all().size());
            EpisodeGenerator.Recording r = new EpisodeGenerator(config, 0).demonstrate(task, Scene.values()[i % 3],
                    new SplittableRandom(i));
            if (r == null) {
                continue;
            }
            float[][] s = r.states();
            float[][] a = r.actions();
            for (int t = 0; t + 1 < s.length; t++) {
                double yaw = s[t][TabletopState.GRIPPER_YAW];
                double c = Math.cos(yaw);
                double sn = Math.sin(yaw);
                double wx = c * a[t][0] - sn * a[t][1];
                double wy = sn * a[t][0] + c * a[t][1];
                String where = task.id() + " step " + t;
                assertEquals(s[t + 1][0] - s[t][0], wx * TabletopWorld.MAX_STEP, TOL * TabletopWorld.MAX_STEP, where);
                assertEquals(s[t + 1][1] - s[t][1], wy * TabletopWorld.MAX_STEP, TOL * TabletopWorld.MAX_STEP, where);
                assertEquals(s[t + 1][2] - s[t][2], a[t][2] * TabletopWorld.MAX_YAW_STEP,
                        TOL * TabletopWorld.MAX_YAW_STEP, where);
                largestYaw = Math.max(largestYaw, Math.abs(yaw));
                largestTurn = Math.max(largestTurn, Math.hypot(wx - a[t][0], wy - a[t][1]));
                checked++;
            }
        }
        assertTrue(checked > 500, "steps checked: " + checked);
        assertTrue(largestYaw > 1.0, "the episodes must turn the gripper for the test to mean something");
        assertTrue(largestTurn > 0.5, "gripper and world labels must differ somewhere: " + largestTurn);
    }

    @Test
    void aForwardLabelMovesTheGripperImageTheSameWayAtEveryYaw() {
        int size = 64;
        double pixels = STEPS * size / Camera.GRIPPER_VIEW * TabletopWorld.MAX_STEP;
        for (double yaw : new double[]{-2.6, -1.1, 0.0, 0.9, 2.3}) {
            SplittableRandom rng = new SplittableRandom(3);
            TabletopWorld w = new TabletopWorld(Scene.A.realise(Setting.STATIC, rng), rng);
            Renderer renderer = new Renderer(w.scene(), 16, size);
            ExecutedLabelsTest.moveTo(w, 0.45, 0.45);
            turnTo(w, yaw);
            // forward (+x of the gripper) and left (+y of the gripper), sent to the world as world commands
            double c = Math.cos(yaw);
            double s = Math.sin(yaw);
            double[][] local = {{1, 0}, {0, 1}};
            double[][] world = {{c, s}, {-s, c}};
            for (int k = 0; k < 2; k++) {
                RgbImage before = renderer.render(w, Camera.GRIPPER);
                double turned = w.gripperYaw();
                for (int step = 0; step < STEPS; step++) {
                    ActionLabelling.GripperPose pose = ActionLabelling.GripperPose.of(w);
                    float[] command = {(float) world[k][0], (float) world[k][1], 0, -1};
                    w.step(command);
                    float[] label = GRIPPER.label(command, pose, w);
                    assertEquals(local[k][0], label[0], 1e-5, "yaw " + yaw);
                    assertEquals(local[k][1], label[1], 1e-5, "yaw " + yaw);
                }
                assertEquals(turned, w.gripperYaw(), 0.0);
                double[] shift = imageShift(before, renderer.render(w, Camera.GRIPPER));
                // the camera's x is the gripper's x and its rows run down the gripper's y; content moves against
                // the gripper: left for a forward label, down the image for a left one
                assertEquals(-local[k][0] * pixels, shift[0], 1.5, "column shift at yaw " + yaw);
                assertEquals(local[k][1] * pixels, shift[1], 1.5, "row shift at yaw " + yaw);
            }
        }
    }

    private static void turnTo(TabletopWorld w, double yaw) {
        for (int i = 0; i < 100 && Math.abs(yaw - w.gripperYaw()) > 1e-9; i++) {
            double d = Math.max(-1, Math.min(1, (yaw - w.gripperYaw()) / TabletopWorld.MAX_YAW_STEP));
            w.step(new float[]{0, 0, (float) d, -1});
        }
        assertEquals(yaw, w.gripperYaw(), 1e-6);
    }

    /**
     * The (column, row) shift that best maps {@code a}'s content onto {@code b}'s: integer search of the mean squared
     * difference, then a parabola through the neighbours (about a pixel of error on this smooth table texture). The centre, where the gripper
     * itself is drawn and does not move in its own camera, is left out.
     */
    static double[] imageShift(RgbImage a, RgbImage b) {
        int n = a.width();
        int range = 18;
        double[][] cost = new double[2 * range + 1][2 * range + 1];
        int bestC = 0;
        int bestR = 0;
        for (int dr = -range; dr <= range; dr++) {
            for (int dc = -range; dc <= range; dc++) {
                cost[dr + range][dc + range] = cost(a, b, dc, dr, n);
                if (cost[dr + range][dc + range] < cost[bestR + range][bestC + range]) {
                    bestC = dc;
                    bestR = dr;
                }
            }
        }
        assertTrue(Math.abs(bestC) < range && Math.abs(bestR) < range, "shift search at its edge");
        double[] row = cost[bestR + range];
        double subC = parabola(row[bestC + range - 1], row[bestC + range], row[bestC + range + 1]);
        double subR = parabola(cost[bestR + range - 1][bestC + range], cost[bestR + range][bestC + range],
                cost[bestR + range + 1][bestC + range]);
        return new double[]{bestC + subC, bestR + subR};
    }

    private static double cost(RgbImage a, RgbImage b, int dc, int dr, int n) {
        double sum = 0;
        int count = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int r2 = r + dr;
                int c2 = c + dc;
                if (r2 < 0 || c2 < 0 || r2 >= n || c2 >= n || onGripper(r, c, n) || onGripper(r2, c2, n)) {
                    continue;
                }
                for (int ch = 0; ch < 3; ch++) {
                    double d = (a.rgb()[(r * n + c) * 3 + ch] & 0xff) - (b.rgb()[(r2 * n + c2) * 3 + ch] & 0xff);
                    sum += d * d;
                }
                count++;
            }
        }
        // a small overlap of plain table would otherwise beat the true shift
        return count < n * n / 4 ? Double.MAX_VALUE : sum / count;
    }

    /** The open gripper as its camera draws it: fingers to 0.095 m either side, palm and wrist 0.03 m back to 0.07. */
    private static boolean onGripper(int r, int c, int n) {
        double metresPerPixel = Camera.GRIPPER_VIEW / n;
        double x = (c + 0.5 - n / 2.0) * metresPerPixel;
        double y = (n / 2.0 - r - 0.5) * metresPerPixel;
        return Math.abs(x) < 0.095 && y > -0.03 && y < 0.07;
    }

    private static double parabola(double left, double mid, double right) {
        double denom = left - 2 * mid + right;
        return denom <= 0 ? 0 : 0.5 * (left - right) / denom;
    }
}
