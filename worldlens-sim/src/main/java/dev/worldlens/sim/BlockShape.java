package dev.worldlens.sim;

import org.dyn4j.geometry.Convex;
import org.dyn4j.geometry.Geometry;

/**
 * The three block shapes. Each has a grasp symmetry (the yaw period under which the fingers fit the same way) and a
 * width across the fingers, which is what the gripper opening shows while holding it.
 */
public enum BlockShape {
    /** 9 cm cube seen from above: graspable across either pair of faces. */
    CUBE(0.09, 0.09, Math.PI / 2),
    /** 15 x 6.5 cm bar: graspable only across its short side, so the gripper must turn to pick it up. */
    BAR(0.15, 0.065, Math.PI),
    /** Equilateral prism, 10.5 cm side: graspable at any yaw. */
    PRISM(0.105, 0.09, 0);

    private final double length;
    private final double width;
    private final double graspPeriod;

    BlockShape(double length, double width, double graspPeriod) {
        this.length = length;
        this.width = width;
        this.graspPeriod = graspPeriod;
    }

    /** The yaw period under which the fingers fit the same way, in radians; 0 for a shape that fits at any yaw. */
    public double graspPeriod() {
        return graspPeriod;
    }

    /** Extent along the block's local x axis. */
    public double length() {
        return length;
    }

    /** Extent along the block's local y axis: the fingers close across this one. */
    public double width() {
        return width;
    }

    /** Radius of the smallest circle around the block, used for spacing and free-space checks. */
    public double radius() {
        return this == PRISM ? length / Math.sqrt(3) : Math.hypot(length, width) / 2;
    }

    /** Half extent seen along a world direction, for placing a pusher beside the block. */
    public double halfExtentAlong(double blockYaw, double dirX, double dirY) {
        if (this == PRISM) {
            return radius();
        }
        double c = Math.cos(blockYaw);
        double s = Math.sin(blockYaw);
        double ax = Math.abs(dirX * c + dirY * s);
        double ay = Math.abs(-dirX * s + dirY * c);
        return ax * length / 2 + ay * width / 2;
    }

    /**
     * The gripper yaw closest to {@code current} at which the fingers (closing along the gripper's local x) close
     * across the block's local y axis.
     */
    public double graspYaw(double blockYaw, double current) {
        if (graspPeriod == 0) {
            return current;
        }
        double base = blockYaw + Math.PI / 2;
        double k = Math.round((current - base) / graspPeriod);
        return base + k * graspPeriod;
    }

    /** Whether a gripper at this yaw fits the block within the tolerance. */
    public boolean graspAligned(double blockYaw, double gripperYaw, double tolerance) {
        return Math.abs(graspYaw(blockYaw, gripperYaw) - gripperYaw) <= tolerance;
    }

    public Convex geometry() {
        return switch (this) {
            case CUBE, BAR -> Geometry.createRectangle(length, width);
            case PRISM -> Geometry.createEquilateralTriangle(length);
        };
    }
}
