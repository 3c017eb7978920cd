package dev.worldlens.sim;

/** An axis-aligned rectangle on the table, in metres (y points away from the robot, up in the top camera). */
public record Rect(double x0, double y0, double x1, double y1) {
    public Rect {
        if (x1 < x0 || y1 < y0) {
            throw new IllegalArgumentException("empty rectangle " + x0 + "," + y0 + " .. " + x1 + "," + y1);
        }
    }

    public static Rect centred(double cx, double cy, double w, double h) {
        return new Rect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
    }

    public boolean contains(double x, double y) {
        return x >= x0 && x <= x1 && y >= y0 && y <= y1;
    }

    public boolean contains(double x, double y, double margin) {
        return x >= x0 + margin && x <= x1 - margin && y >= y0 + margin && y <= y1 - margin;
    }

    /** Whether a disc of this radius touches the rectangle. */
    public boolean touchesDisc(double x, double y, double r) {
        double dx = Math.max(Math.max(x0 - x, 0), x - x1);
        double dy = Math.max(Math.max(y0 - y, 0), y - y1);
        return dx * dx + dy * dy < r * r;
    }

    public double cx() {
        return (x0 + x1) / 2;
    }

    public double cy() {
        return (y0 + y1) / 2;
    }

    public double width() {
        return x1 - x0;
    }

    public double height() {
        return y1 - y0;
    }
}
