package dev.worldlens.sim;

import java.util.SplittableRandom;

/**
 * Draws the blocks' start poses: on free table, apart from each other, clear of the cabinet, of the drawer's path
 * and of the button; sometimes one block starts inside an open drawer.
 */
final class BlockPlacer {
    private static final int MAX_TRIES = 2000;

    private BlockPlacer() {
    }

    static void place(TabletopWorld world, SplittableRandom rng) {
        EpisodeScene scene = world.scene();
        TableLayout layout = world.layout();
        double[] xs = new double[3];
        double[] ys = new double[3];
        int inDrawer = world.drawerOpening() > 0.6 && rng.nextDouble() < 0.15 ? rng.nextInt(3) : -1;
        for (int b = 0; b < 3; b++) {
            BlockShape shape = scene.blockShapes().get(b);
            double yaw = (rng.nextDouble() * 2 - 1) * Math.PI;
            if (b == inDrawer) {
                Rect open = layout.drawerOpenPart(world.drawerOpening());
                xs[b] = open.cx() + (rng.nextDouble() - 0.5) * 0.08;
                ys[b] = open.cy();
                world.putBlock(b, xs[b], ys[b], yaw, true);
                continue;
            }
            double r = shape.radius();
            for (int attempt = 0; ; attempt++) {
                if (attempt >= MAX_TRIES) {
                    throw new IllegalStateException("cannot place block " + b + " in scene " + scene.scene());
                }
                double x = 0.1 + rng.nextDouble() * 0.8;
                double y = 0.1 + rng.nextDouble() * 0.62;
                if (isFree(layout, x, y, r + 0.02)) {
                    boolean clear = true;
                    for (int o = 0; o < b; o++) {
                        if (o != inDrawer && Math.hypot(x - xs[o], y - ys[o])
                                < r + scene.blockShapes().get(o).radius() + 0.03) {
                            clear = false;
                        }
                    }
                    if (clear) {
                        xs[b] = x;
                        ys[b] = y;
                        break;
                    }
                }
            }
            world.putBlock(b, xs[b], ys[b], yaw, false);
        }
    }

    /** Whether a disc of this radius lies on open table: off the furniture, the drawer's path and the button. */
    static boolean isFree(TableLayout layout, double x, double y, double r) {
        if (x < r || x > 1 - r || y < r || y > 1 - r) {
            return false;
        }
        if (layout.cabinet().touchesDisc(x, y, r) || layout.drawerTray(1.0).touchesDisc(x, y, r)) {
            return false;
        }
        return Math.hypot(x - layout.buttonX(), y - layout.buttonY()) > r + TableLayout.BUTTON_RADIUS + 0.01;
    }
}
