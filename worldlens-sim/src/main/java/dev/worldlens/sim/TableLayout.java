package dev.worldlens.sim;

import java.util.Map;

/**
 * Where the furniture stands, in metres on the 1 x 1 m table. The cabinet stands against the back edge (top of the
 * top camera); its drawer pulls toward the robot (down in the image) by {@link #DRAWER_TRAVEL}. The switch slides
 * along a track on the cabinet top and lights the lamp; the button sits on the table and toggles the LED.
 */
public record TableLayout(double cabinetX, double buttonX, double buttonY, boolean switchOnLeftOfLamp,
                          Map<String, Rect> regions) {

    public static final double CABINET_WIDTH = 0.44;
    public static final double CABINET_DEPTH = 0.18;
    public static final double CABINET_FRONT_Y = 1.0 - CABINET_DEPTH;
    public static final double DRAWER_WIDTH = 0.30;
    public static final double DRAWER_TRAVEL = 0.18;
    public static final double BUTTON_RADIUS = 0.045;
    public static final double SWITCH_HALF_TRACK = 0.08;
    public static final double KNOB_SIZE = 0.04;

    public Rect cabinet() {
        return Rect.centred(cabinetX, 1.0 - CABINET_DEPTH / 2, CABINET_WIDTH, CABINET_DEPTH);
    }

    /** The drawer tray at an opening in [0, 1]: its full extent, partly hidden under the cabinet. */
    public Rect drawerTray(double opening) {
        double front = CABINET_FRONT_Y - opening * DRAWER_TRAVEL;
        return new Rect(cabinetX - DRAWER_WIDTH / 2, front, cabinetX + DRAWER_WIDTH / 2, front + DRAWER_TRAVEL);
    }

    /** The part of the tray pulled out of the cabinet, where a block can be dropped in. */
    public Rect drawerOpenPart(double opening) {
        double front = CABINET_FRONT_Y - opening * DRAWER_TRAVEL;
        return new Rect(cabinetX - DRAWER_WIDTH / 2, front, cabinetX + DRAWER_WIDTH / 2,
                Math.max(front, CABINET_FRONT_Y));
    }

    public double handleX() {
        return cabinetX;
    }

    public double handleY(double opening) {
        return CABINET_FRONT_Y - opening * DRAWER_TRAVEL - 0.022;
    }

    /** Centre of the switch track on the cabinet top; the knob runs +- SWITCH_HALF_TRACK along x. */
    public double switchX() {
        return cabinetX + (switchOnLeftOfLamp ? -0.09 : 0.09);
    }

    public double switchY() {
        return 1.0 - CABINET_DEPTH / 2 + 0.02;
    }

    public double lampX() {
        return cabinetX + (switchOnLeftOfLamp ? 0.14 : -0.14);
    }

    public double lampY() {
        return switchY();
    }

    public double ledX() {
        return buttonX + (buttonX < 0.5 ? 0.08 : -0.08);
    }

    public double ledY() {
        return buttonY;
    }

    public Rect region(String name) {
        Rect r = regions.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no region '" + name + "'; regions are " + regions.keySet());
        }
        return r;
    }
}
