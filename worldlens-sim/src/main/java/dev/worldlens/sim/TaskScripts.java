package dev.worldlens.sim;

import dev.worldlens.sim.ScriptedExpert.Goto;
import dev.worldlens.sim.ScriptedExpert.Grip;
import dev.worldlens.sim.ScriptedExpert.Motion;
import org.dyn4j.geometry.Transform;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The script of each task type: the motions a person would teleoperate. Every script first releases whatever the
 * gripper holds, so tasks chain from any state; targets are read from the world when each motion starts.
 */
final class TaskScripts {
    private static final double KEEP = Double.NaN;

    private TaskScripts() {
    }

    static List<Motion> build(Task task, TabletopWorld w, SplittableRandom rng) {
        List<Motion> m = new ArrayList<>();
        if (w.gripperClosed()) {
            m.add(new Grip(false, 2));
        }
        int b = task.block();
        TableLayout layout = w.layout();
        switch (task.type()) {
            case PUSH_LEFT, PUSH_RIGHT, PUSH_BACK, PUSH_FRONT -> {
                double[] d = TaskOracle.direction(task.type());
                m.add(new Goto(world -> {
                    Transform t = world.blockTransform(b);
                    double back = world.scene().blockShapes().get(b).halfExtentAlong(t.getRotationAngle(), d[0], d[1])
                            + TabletopWorld.PUSHER_SIZE / 2 + 0.025;
                    return new double[]{t.getTranslationX() - d[0] * back, t.getTranslationY() - d[1] * back, KEEP};
                }, false));
                m.add(new Grip(true, 2));
                m.add(new Goto(world -> new double[]{world.gripperX() + d[0] * TaskOracle.PUSH_TRAVEL,
                        world.gripperY() + d[1] * TaskOracle.PUSH_TRAVEL, KEEP}, true));
                m.add(new Grip(false, 2));
                m.add(new Goto(world -> clampToWorkspace(world.gripperX() - d[0] * 0.05,
                        world.gripperY() - d[1] * 0.05), false));
            }
            case ROTATE_LEFT, ROTATE_RIGHT -> {
                double sign = task.type() == TaskType.ROTATE_LEFT ? 1 : -1;
                double turn = sign * (1.0 + 0.4 * rng.nextDouble());
                grasp(m, b, -sign * 0.5);
                m.add(new Goto(world -> new double[]{world.gripperX(), world.gripperY(), world.gripperYaw() + turn},
                        true));
                m.add(new Grip(false, 3));
                retreat(m, rng);
            }
            case LIFT -> {
                grasp(m, b, 0);
                double ox = (rng.nextDouble() - 0.5) * 0.08;
                double oy = (rng.nextDouble() - 0.5) * 0.08;
                m.add(new Goto(world -> clampToWorkspace(world.gripperX() + ox, world.gripperY() + oy), true));
                m.add(new Grip(true, 2));
            }
            case PLACE_LEFT, PLACE_RIGHT -> {
                Rect region = layout.region(TaskOracle.regionOf(task.type()));
                grasp(m, b, 0);
                m.add(new Goto(world -> freeSpot(world, b, region, 0.035, rng), true));
                m.add(new Grip(false, 3));
                retreat(m, rng);
            }
            case PUT_IN_DRAWER -> {
                double jitter = (rng.nextDouble() - 0.5) * 0.08;
                grasp(m, b, 0);
                m.add(new Goto(world -> {
                    Rect open = world.layout().drawerOpenPart(world.drawerOpening());
                    return new double[]{open.cx() + jitter, open.cy(), KEEP};
                }, true));
                m.add(new Grip(false, 3));
                retreat(m, rng);
            }
            case TAKE_FROM_DRAWER -> {
                grasp(m, b, 0);
                Rect area = new Rect(Math.max(0.1, layout.cabinetX() - 0.3), 0.25,
                        Math.min(0.9, layout.cabinetX() + 0.3), 0.55);
                m.add(new Goto(world -> freeSpot(world, b, area, 0.0, rng), true));
                m.add(new Grip(false, 3));
                retreat(m, rng);
            }
            case OPEN_DRAWER, CLOSE_DRAWER -> {
                double yaw = (rng.nextDouble() - 0.5) * 0.4;
                double to = task.type() == TaskType.OPEN_DRAWER ? 0.9 + 0.08 * rng.nextDouble() : 0.04 * rng.nextDouble();
                m.add(new Goto(world -> new double[]{world.layout().handleX(),
                        world.layout().handleY(world.drawerOpening()), yaw}, false));
                m.add(new Grip(true, 3));
                m.add(new Goto(world -> new double[]{world.gripperX(), world.layout().handleY(to), KEEP}, true));
                m.add(new Grip(false, 2));
                retreat(m, rng);
            }
            case LED_ON, LED_OFF -> {
                double jx = (rng.nextDouble() - 0.5) * 0.02;
                double jy = (rng.nextDouble() - 0.5) * 0.02;
                m.add(new Goto(world -> new double[]{world.layout().buttonX() + jx, world.layout().buttonY() + jy,
                        KEEP}, false));
                m.add(new Grip(true, 2 + rng.nextInt(2)));
                m.add(new Grip(false, 2));
                retreat(m, rng);
            }
            case LAMP_ON, LAMP_OFF -> {
                double to = task.type() == TaskType.LAMP_ON ? 0.75 + 0.2 * rng.nextDouble() : 0.05 + 0.2 * rng.nextDouble();
                m.add(new Goto(world -> new double[]{knobX(world, world.switchPosition()), world.layout().switchY(),
                        KEEP}, false));
                m.add(new Grip(true, 2));
                m.add(new Goto(world -> new double[]{knobX(world, to), world.layout().switchY(), KEEP}, true));
                m.add(new Grip(false, 2));
                retreat(m, rng);
            }
        }
        return m;
    }

    /** Go over the block with the fingers aligned to it, preferring a yaw near {@code preferredYaw}, and close. */
    private static void grasp(List<Motion> m, int b, double preferredYaw) {
        m.add(new Goto(world -> {
            Transform t = world.blockTransform(b);
            double yaw = world.scene().blockShapes().get(b).graspYaw(t.getRotationAngle(), preferredYaw);
            return new double[]{t.getTranslationX(), t.getTranslationY(), yaw};
        }, false));
        m.add(new Grip(true, 3));
    }

    private static void retreat(List<Motion> m, SplittableRandom rng) {
        double ox = (rng.nextDouble() - 0.5) * 0.06;
        double oy = -(0.06 + 0.04 * rng.nextDouble());
        m.add(new Goto(world -> {
            double y = world.gripperY() + oy;
            return clampToWorkspace(world.gripperX() + ox, y < 0.06 ? world.gripperY() - oy : y);
        }, false));
    }

    private static double knobX(TabletopWorld w, double position) {
        return w.layout().switchX() + (position - 0.5) * 2 * TableLayout.SWITCH_HALF_TRACK;
    }

    /** A point inside the area, on open table, clear of the other blocks, for block b's centre. */
    private static double[] freeSpot(TabletopWorld w, int b, Rect area, double margin, SplittableRandom rng) {
        double r = w.scene().blockShapes().get(b).radius();
        double[] best = {area.cx(), area.cy(), KEEP};
        for (int attempt = 0; attempt < 200; attempt++) {
            double x = area.x0() + margin + rng.nextDouble() * Math.max(0, area.width() - 2 * margin);
            double y = area.y0() + margin + rng.nextDouble() * Math.max(0, area.height() - 2 * margin);
            if (!BlockPlacer.isFree(w.layout(), x, y, Math.min(r, 0.05))) {
                continue;
            }
            boolean clear = true;
            for (int o = 0; o < 3; o++) {
                Transform t = w.blockTransform(o);
                if (o != b && !w.blockInDrawer(o) && Math.hypot(t.getTranslationX() - x, t.getTranslationY() - y)
                        < r + w.scene().blockShapes().get(o).radius() + 0.01) {
                    clear = false;
                }
            }
            if (clear) {
                return new double[]{x, y, KEEP};
            }
        }
        return best;
    }

    private static double[] clampToWorkspace(double x, double y) {
        return new double[]{Math.max(0.06, Math.min(0.94, x)), Math.max(0.06, Math.min(0.94, y)), KEEP};
    }
}
