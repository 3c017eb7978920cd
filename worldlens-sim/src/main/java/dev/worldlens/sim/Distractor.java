package dev.worldlens.sim;

import java.awt.Color;

/** A flat shape printed on the table: seen by the cameras, never touched by anything. */
public record Distractor(int sides, double x, double y, double radius, double yaw, Color color) {
}
