package dev.worldlens.sim;

import org.dyn4j.collision.CategoryFilter;
import org.dyn4j.dynamics.Body;
import org.dyn4j.dynamics.BodyFixture;
import org.dyn4j.geometry.Geometry;
import org.dyn4j.geometry.MassType;
import org.dyn4j.geometry.Transform;
import org.dyn4j.world.World;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Tabletop physics: a 1 x 1 m table seen from above. dyn4j resolves rigid-body contact between the blocks, the
 * table's edges, the cabinet, the drawer tray and the closed gripper (a kinematic pusher). Grasping, the drawer
 * handle, the button and the switch follow kinematic rules on top, the usual abstraction of a top-down 2-D
 * manipulator: an open gripper hovers above everything; closing it on a block grasps (lifts) the block, on the
 * handle holds the drawer, on the knob engages the switch, on the button presses it, and on empty table lowers the
 * fingers so they push what they meet.
 *
 * <p>Actions are relative: dx, dy, dyaw in [-1, 1] scaled to {@link #MAX_STEP} metres and {@link #MAX_YAW_STEP}
 * radians per control step (15 Hz), and a binary gripper command (> 0 closes, otherwise opens).
 */
public final class TabletopWorld {
    public static final double CONTROL_HZ = 15.0;
    public static final int SUBSTEPS = 4;
    public static final double MAX_STEP = 0.025;
    public static final double MAX_YAW_STEP = 0.20;
    public static final double OPEN_WIDTH = 0.13;
    public static final double FINGER_SPEED = 0.035;
    public static final double WORKSPACE_MIN = 0.03;
    public static final double WORKSPACE_MAX = 0.97;
    public static final double YAW_LIMIT = Math.PI;
    static final double GRASP_RADIUS = 0.035;
    static final double GRASP_YAW_TOLERANCE = 0.35;
    static final double PUSHER_SIZE = 0.04;

    private static final long WALLS = 1, BLOCKS = 2, PUSHER = 4, DRAWER = 8;

    private final EpisodeScene scene;
    private final TableLayout layout;
    private final World<Body> world = new World<>();
    private final Body[] blocks = new Body[3];
    private final double[] unwrappedYaw = new double[3];
    private final double[] lastAngle = new double[3];
    private final boolean[] inDrawer = new boolean[3];
    private final Transform[] drawerOffset = new Transform[3];
    private final Body pusher;
    private final Body drawer;

    private double gx, gy, gyaw, opening = OPEN_WIDTH;
    private boolean closed;
    private int held = -1;
    private Transform heldOffset;
    private boolean holdingHandle;
    private boolean onSwitch;
    private double drawerOpening;
    private double switchPosition;
    private boolean led;
    private int steps;
    // What copy() needs to rebuild this world exactly: the start values the random source drew and every action.
    private final List<double[]> startBlocks = new ArrayList<>();
    private final List<float[]> history = new ArrayList<>();
    private double[] start; // drawer opening, switch position, LED, gripper x, y, yaw

    /** A world in its start state; the random source draws block poses and the articulated parts' states. */
    public TabletopWorld(EpisodeScene scene, SplittableRandom rng) {
        this(scene);
        drawerOpening = rng.nextDouble() < 0.5 ? 0.0 : 0.6 + 0.4 * rng.nextDouble();
        switchPosition = rng.nextBoolean() ? 0.1 + 0.15 * rng.nextDouble() : 0.75 + 0.15 * rng.nextDouble();
        led = rng.nextBoolean();
        placeDrawer();
        BlockPlacer.place(this, rng);
        placeGripper(0.3 + 0.4 * rng.nextDouble(), 0.12 + 0.2 * rng.nextDouble(),
                (rng.nextDouble() - 0.5) * Math.PI / 2);
        start = new double[]{drawerOpening, switchPosition, led ? 1 : 0, gx, gy, gyaw};
    }

    private TabletopWorld(EpisodeScene scene) {
        this.scene = scene;
        this.layout = scene.layout();
        world.setGravity(0, 0);
        world.getSettings().setStepFrequency(1.0 / (CONTROL_HZ * SUBSTEPS));
        world.getSettings().setAtRestDetectionEnabled(false);
        addWalls();
        addStatic(layout.cabinet());
        drawer = kinematic(Geometry.createRectangle(TableLayout.DRAWER_WIDTH, TableLayout.DRAWER_TRAVEL), DRAWER,
                BLOCKS);
        pusher = kinematic(Geometry.createSquare(PUSHER_SIZE), PUSHER, BLOCKS);
        pusher.setEnabled(false);
    }

    private void placeDrawer() {
        Rect tray = layout.drawerTray(drawerOpening);
        drawer.translate(tray.cx(), tray.cy());
    }

    private void placeGripper(double x, double y, double yaw) {
        gx = x;
        gy = y;
        gyaw = yaw;
        pusher.translate(gx, gy);
    }

    /**
     * An independent world in exactly this one's state: the same start rebuilt, then every action so far replayed
     * (dyn4j is deterministic, and its contact caches come out the same only this way). Costs one step per step
     * taken; the chunked expert uses it to look ahead without touching the world it acts in.
     */
    public TabletopWorld copy() {
        TabletopWorld c = new TabletopWorld(scene);
        c.drawerOpening = start[0];
        c.switchPosition = start[1];
        c.led = start[2] != 0;
        c.placeDrawer();
        for (double[] b : startBlocks) {
            c.putBlock((int) b[0], b[1], b[2], b[3], b[4] != 0);
        }
        c.placeGripper(start[3], start[4], start[5]);
        c.start = start;
        for (float[] a : history) {
            c.step(a);
        }
        return c;
    }

    public EpisodeScene scene() {
        return scene;
    }

    public TableLayout layout() {
        return layout;
    }

    /** Places block b; used once at reset, before any step. */
    void putBlock(int b, double x, double y, double yaw, boolean startInDrawer) {
        startBlocks.add(new double[]{b, x, y, yaw, startInDrawer ? 1 : 0});
        BlockShape shape = scene.blockShapes().get(b);
        Body body = new Body();
        BodyFixture f = body.addFixture(shape.geometry(), 1.0, 0.4, 0.0);
        f.setFilter(new CategoryFilter(BLOCKS, WALLS | BLOCKS | PUSHER | DRAWER));
        body.setMass(MassType.NORMAL);
        body.setLinearDamping(14);
        body.setAngularDamping(14);
        body.rotate(yaw);
        body.translate(x, y);
        world.addBody(body);
        blocks[b] = body;
        unwrappedYaw[b] = yaw;
        lastAngle[b] = yaw;
        if (startInDrawer) {
            attachToDrawer(b);
        }
    }

    /** Applies one action (4 values) and advances one control step. */
    public void step(float[] action) {
        if (action.length != 4) {
            throw new IllegalArgumentException("a Tabletop action has 4 values (dx, dy, dyaw, gripper), got "
                    + action.length);
        }
        for (float v : action) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("action contains a non-finite value: " + v);
            }
        }
        history.add(action.clone());
        boolean close = action[3] > 0;
        if (close && !closed) {
            onClose();
        } else if (!close && closed) {
            onOpen();
        }
        closed = close;
        double dx = clip(action[0]) * MAX_STEP;
        double dy = clip(action[1]) * MAX_STEP;
        double dyaw = clip(action[2]) * MAX_YAW_STEP;
        if (holdingHandle) {
            double target = clamp(drawerOpening - dy / TableLayout.DRAWER_TRAVEL, 0, 1);
            dy = -(target - drawerOpening) * TableLayout.DRAWER_TRAVEL;
            drawerOpening = target;
            dx = 0;
            dyaw = 0;
        }
        double nx = clamp(gx + dx, WORKSPACE_MIN, WORKSPACE_MAX);
        double ny = clamp(gy + dy, WORKSPACE_MIN, WORKSPACE_MAX);
        double nyaw = clamp(gyaw + dyaw, -YAW_LIMIT, YAW_LIMIT);
        if (onSwitch) {
            switchPosition = clamp((nx - layout.switchX()) / (2 * TableLayout.SWITCH_HALF_TRACK) + 0.5, 0, 1);
        }
        double dt = 1.0 / CONTROL_HZ;
        pusher.setEnabled(closed && held < 0 && !holdingHandle && !onSwitch);
        pusher.setLinearVelocity((nx - gx) / dt, (ny - gy) / dt);
        pusher.setAngularVelocity((nyaw - gyaw) / dt);
        Rect tray = layout.drawerTray(drawerOpening);
        drawer.setLinearVelocity(0, (tray.cy() - drawer.getTransform().getTranslationY()) / dt);
        world.step(SUBSTEPS);
        gx = nx;
        gy = ny;
        gyaw = nyaw;
        place(pusher, gx, gy, gyaw);
        place(drawer, tray.cx(), tray.cy(), 0);
        for (int b = 0; b < 3; b++) {
            if (b == held) {
                setPose(blocks[b], heldOffset, gripperTransform());
            } else if (inDrawer[b]) {
                setPose(blocks[b], drawerOffset[b], drawer.getTransform());
            }
            double angle = blocks[b].getTransform().getRotationAngle();
            unwrappedYaw[b] += wrap(angle - lastAngle[b]);
            lastAngle[b] = angle;
        }
        double targetOpening = !closed ? OPEN_WIDTH
                : held >= 0 ? scene.blockShapes().get(held).width()
                : holdingHandle ? 0.02 : onSwitch ? TableLayout.KNOB_SIZE : 0;
        opening += clamp(targetOpening - opening, -FINGER_SPEED, FINGER_SPEED);
        steps++;
    }

    private void onClose() {
        if (Math.abs(gx - layout.handleX()) < 0.06 && Math.abs(gy - layout.handleY(drawerOpening)) < 0.035) {
            holdingHandle = true;
            return;
        }
        int best = -1;
        double bestDist = GRASP_RADIUS;
        for (int b = 0; b < 3; b++) {
            if (inDrawer[b] && drawerOpening < 0.5) {
                continue;
            }
            Transform t = blocks[b].getTransform();
            double d = Math.hypot(t.getTranslationX() - gx, t.getTranslationY() - gy);
            if (d < bestDist && scene.blockShapes().get(b).graspAligned(t.getRotationAngle(), gyaw,
                    GRASP_YAW_TOLERANCE)) {
                best = b;
                bestDist = d;
            }
        }
        if (best >= 0) {
            held = best;
            inDrawer[best] = false;
            Body body = blocks[best];
            body.setEnabled(false);
            body.setLinearVelocity(0, 0);
            body.setAngularVelocity(0);
            heldOffset = relative(gripperTransform(), body.getTransform());
            return;
        }
        double knobX = layout.switchX() + (switchPosition - 0.5) * 2 * TableLayout.SWITCH_HALF_TRACK;
        if (Math.abs(gx - knobX) < 0.04 && Math.abs(gy - layout.switchY()) < 0.04) {
            onSwitch = true;
            return;
        }
        if (Math.hypot(gx - layout.buttonX(), gy - layout.buttonY()) < TableLayout.BUTTON_RADIUS) {
            led = !led;
        }
    }

    private void onOpen() {
        if (held >= 0) {
            Body body = blocks[held];
            Transform t = body.getTransform();
            Rect open = layout.drawerOpenPart(drawerOpening);
            if (drawerOpening > 0.5 && open.contains(t.getTranslationX(), t.getTranslationY(), 0.01)) {
                attachToDrawer(held);
            } else {
                body.setEnabled(true);
                body.setLinearVelocity(0, 0);
                body.setAngularVelocity(0);
            }
            held = -1;
        }
        holdingHandle = false;
        onSwitch = false;
    }

    private void attachToDrawer(int b) {
        inDrawer[b] = true;
        blocks[b].setEnabled(false);
        drawerOffset[b] = relative(drawer.getTransform(), blocks[b].getTransform());
    }

    public TabletopState state() {
        float[] v = new float[TabletopState.SIZE];
        v[TabletopState.GRIPPER_X] = (float) gx;
        v[TabletopState.GRIPPER_Y] = (float) gy;
        v[TabletopState.GRIPPER_YAW] = (float) gyaw;
        v[TabletopState.GRIPPER_OPENING] = (float) opening;
        v[TabletopState.GRIPPER_COMMAND] = closed ? 1f : -1f;
        for (int b = 0; b < 3; b++) {
            int o = TabletopState.BLOCK_BASE + TabletopState.PER_BLOCK * b;
            Transform t = blocks[b].getTransform();
            v[o] = (float) t.getTranslationX();
            v[o + 1] = (float) t.getTranslationY();
            v[o + 2] = (float) unwrappedYaw[b];
            v[o + 3] = b == held ? 1f : 0f;
            v[o + 4] = inDrawer[b] ? 1f : 0f;
        }
        v[TabletopState.DRAWER] = (float) drawerOpening;
        v[TabletopState.SWITCH] = (float) switchPosition;
        v[TabletopState.LED] = led ? 1f : 0f;
        v[TabletopState.LAMP] = lampOn() ? 1f : 0f;
        v[TabletopState.LAYOUT] = (float) layout.cabinetX();
        v[TabletopState.LAYOUT + 1] = (float) layout.buttonX();
        v[TabletopState.LAYOUT + 2] = (float) layout.buttonY();
        v[TabletopState.LAYOUT + 3] = layout.switchOnLeftOfLamp() ? 1f : 0f;
        Rect pad = layout.region("left");
        v[TabletopState.LAYOUT + 4] = (float) ((pad.y0() + pad.y1()) / 2);
        for (int b = 0; b < 3; b++) {
            v[TabletopState.SHAPES + BlockShape.values().length * b + scene.blockShapes().get(b).ordinal()] = 1f;
        }
        return new TabletopState(v);
    }

    public boolean lampOn() {
        return switchPosition > 0.5;
    }

    public boolean ledOn() {
        return led;
    }

    public double gripperX() {
        return gx;
    }

    public double gripperY() {
        return gy;
    }

    public double gripperYaw() {
        return gyaw;
    }

    public double gripperOpening() {
        return opening;
    }

    public boolean gripperClosed() {
        return closed;
    }

    public int heldBlock() {
        return held;
    }

    public boolean holdingHandle() {
        return holdingHandle;
    }

    public double drawerOpening() {
        return drawerOpening;
    }

    public double switchPosition() {
        return switchPosition;
    }

    public boolean blockInDrawer(int b) {
        return inDrawer[b];
    }

    /** Current pose of block b: x, y, wrapped yaw. */
    public Transform blockTransform(int b) {
        return blocks[b].getTransform();
    }

    public int steps() {
        return steps;
    }

    private Transform gripperTransform() {
        Transform t = new Transform();
        t.rotate(gyaw);
        t.translate(gx, gy);
        return t;
    }

    /** The pose of child in the frame of parent. */
    private static Transform relative(Transform parent, Transform child) {
        double ang = child.getRotationAngle() - parent.getRotationAngle();
        double dx = child.getTranslationX() - parent.getTranslationX();
        double dy = child.getTranslationY() - parent.getTranslationY();
        double c = Math.cos(-parent.getRotationAngle());
        double s = Math.sin(-parent.getRotationAngle());
        Transform t = new Transform();
        t.rotate(ang);
        t.translate(c * dx - s * dy, s * dx + c * dy);
        return t;
    }

    /** Sets body to parent * offset. */
    private static void setPose(Body body, Transform offset, Transform parent) {
        double pa = parent.getRotationAngle();
        double c = Math.cos(pa);
        double s = Math.sin(pa);
        double x = parent.getTranslationX() + c * offset.getTranslationX() - s * offset.getTranslationY();
        double y = parent.getTranslationY() + s * offset.getTranslationX() + c * offset.getTranslationY();
        place(body, x, y, pa + offset.getRotationAngle());
    }

    private static void place(Body body, double x, double y, double yaw) {
        Transform t = body.getTransform();
        t.identity();
        t.rotate(yaw);
        t.translate(x, y);
        body.setLinearVelocity(0, 0);
        body.setAngularVelocity(0);
    }

    private Body kinematic(org.dyn4j.geometry.Convex shape, long category, long mask) {
        Body body = new Body();
        BodyFixture f = body.addFixture(shape);
        f.setFilter(new CategoryFilter(category, mask));
        body.setMass(MassType.INFINITE);
        world.addBody(body);
        return body;
    }

    private void addWalls() {
        addStatic(new Rect(-0.1, -0.1, 1.1, 0.0));
        addStatic(new Rect(-0.1, 1.0, 1.1, 1.1));
        addStatic(new Rect(-0.1, 0.0, 0.0, 1.0));
        addStatic(new Rect(1.0, 0.0, 1.1, 1.0));
    }

    private void addStatic(Rect r) {
        Body body = new Body();
        BodyFixture f = body.addFixture(Geometry.createRectangle(r.width(), r.height()));
        f.setFilter(new CategoryFilter(WALLS, BLOCKS));
        body.setMass(MassType.INFINITE);
        body.translate(r.cx(), r.cy());
        world.addBody(body);
    }

    static double wrap(double a) {
        return Math.atan2(Math.sin(a), Math.cos(a));
    }

    private static double clip(float v) {
        return Math.max(-1, Math.min(1, v));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
