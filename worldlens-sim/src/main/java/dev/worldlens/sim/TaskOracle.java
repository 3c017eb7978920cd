package dev.worldlens.sim;

/**
 * When a task may start and whether it was done. Success compares the state at the start of the task with the state
 * at its end, as CALVIN's task oracle does, so the same rule judges an expert, a learned policy and a chain.
 */
public final class TaskOracle {
    /** How far (m) a push must move the block along its direction. */
    public static final double PUSH_DISTANCE = 0.08;
    /** How far (rad) a rotation must turn the block. */
    public static final double ROTATION = 0.6;
    static final double PUSH_TRAVEL = 0.16;

    private TaskOracle() {
    }

    /** Whether the task makes sense from this state (its success is possible and not already true). */
    public static boolean canStart(Task task, TabletopWorld w) {
        TabletopState s = w.state();
        int b = task.block();
        boolean onTable = b >= 0 && !s.inDrawer(b) && !s.held(b);
        return switch (task.type()) {
            case PUSH_LEFT, PUSH_RIGHT, PUSH_BACK, PUSH_FRONT -> onTable && pushRoom(task, w);
            case ROTATE_LEFT, ROTATE_RIGHT, LIFT -> onTable;
            case PLACE_LEFT, PLACE_RIGHT -> onTable && !w.layout().region(regionOf(task.type()))
                    .contains(s.blockX(b), s.blockY(b));
            case PUT_IN_DRAWER -> onTable && s.drawerOpening() > 0.8 && !anyInDrawer(s);
            case TAKE_FROM_DRAWER -> b >= 0 && s.inDrawer(b) && s.drawerOpening() > 0.8;
            case OPEN_DRAWER -> s.drawerOpening() < 0.2;
            case CLOSE_DRAWER -> s.drawerOpening() > 0.6;
            case LED_ON -> !s.ledOn();
            case LED_OFF -> s.ledOn();
            case LAMP_ON -> !s.lampOn();
            case LAMP_OFF -> s.lampOn();
        };
    }

    public static boolean success(Task task, TableLayout layout, TabletopState start, TabletopState end) {
        int b = task.block();
        return switch (task.type()) {
            case PUSH_LEFT, PUSH_RIGHT, PUSH_BACK, PUSH_FRONT -> {
                double[] d = direction(task.type());
                double moved = (end.blockX(b) - start.blockX(b)) * d[0] + (end.blockY(b) - start.blockY(b)) * d[1];
                yield moved >= PUSH_DISTANCE && !end.held(b) && !end.inDrawer(b);
            }
            case ROTATE_LEFT -> end.blockYaw(b) - start.blockYaw(b) >= ROTATION && !end.held(b);
            case ROTATE_RIGHT -> end.blockYaw(b) - start.blockYaw(b) <= -ROTATION && !end.held(b);
            case LIFT -> end.held(b) && !start.held(b);
            case PLACE_LEFT, PLACE_RIGHT -> {
                Rect r = layout.region(regionOf(task.type()));
                yield !r.contains(start.blockX(b), start.blockY(b)) && r.contains(end.blockX(b), end.blockY(b))
                        && !end.held(b) && !end.inDrawer(b);
            }
            case PUT_IN_DRAWER -> !start.inDrawer(b) && end.inDrawer(b);
            case TAKE_FROM_DRAWER -> start.inDrawer(b) && !end.inDrawer(b) && !end.held(b);
            case OPEN_DRAWER -> start.drawerOpening() < 0.5 && end.drawerOpening() > 0.8;
            case CLOSE_DRAWER -> start.drawerOpening() > 0.5 && end.drawerOpening() < 0.15;
            case LED_ON -> !start.ledOn() && end.ledOn();
            case LED_OFF -> start.ledOn() && !end.ledOn();
            case LAMP_ON -> !start.lampOn() && end.lampOn();
            case LAMP_OFF -> start.lampOn() && !end.lampOn();
        };
    }

    static String regionOf(TaskType type) {
        return type == TaskType.PLACE_LEFT ? "left" : "right";
    }

    static double[] direction(TaskType type) {
        return switch (type) {
            case PUSH_LEFT -> new double[]{-1, 0};
            case PUSH_RIGHT -> new double[]{1, 0};
            case PUSH_BACK -> new double[]{0, 1};
            case PUSH_FRONT -> new double[]{0, -1};
            default -> throw new IllegalArgumentException(type + " is not a push");
        };
    }

    private static boolean anyInDrawer(TabletopState s) {
        return s.inDrawer(0) || s.inDrawer(1) || s.inDrawer(2);
    }

    /** A push needs open table where the block will end and room behind it for the gripper to start. */
    private static boolean pushRoom(Task task, TabletopWorld w) {
        double[] d = direction(task.type());
        TabletopState s = w.state();
        int b = task.block();
        BlockShape shape = w.scene().blockShapes().get(b);
        double x = s.blockX(b);
        double y = s.blockY(b);
        double back = shape.halfExtentAlong(w.blockTransform(b).getRotationAngle(), d[0], d[1]) + 0.05;
        double sx = x - d[0] * back;
        double sy = y - d[1] * back;
        if (sx < 0.05 || sx > 0.95 || sy < 0.05 || sy > 0.95) {
            return false;
        }
        double tx = x + d[0] * PUSH_TRAVEL;
        double ty = y + d[1] * PUSH_TRAVEL;
        return BlockPlacer.isFree(w.layout(), tx, ty, shape.radius() + 0.01)
                && BlockPlacer.isFree(w.layout(), (x + tx) / 2, (y + ty) / 2, shape.radius());
    }
}
