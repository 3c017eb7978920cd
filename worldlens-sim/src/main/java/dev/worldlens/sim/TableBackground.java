package dev.worldlens.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * The parts of a scene that never move within an episode (table texture, region pads, distractors, the button's
 * base), painted once per episode so that each frame only draws what moves.
 */
final class TableBackground {
    private TableBackground() {
    }

    /** Paints the static table at size x size pixels, the whole 1 x 1 m table, y up. */
    static BufferedImage paint(EpisodeScene scene, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        paintTexture(scene, img);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.transform(new AffineTransform(size, 0, 0, -size, 0, size));
        TableLayout layout = scene.layout();
        Color table = scene.tableColor();
        int i = 0;
        Color[] pad = {new Color(236, 226, 120), new Color(120, 210, 230)};
        for (Rect r : layout.regions().values()) {
            g.setColor(mix(table, pad[i++ % 2], 0.55));
            g.fill(new Rectangle2D.Double(r.x0(), r.y0(), r.width(), r.height()));
            g.setColor(mix(table, Color.WHITE, 0.6));
            g.setStroke(new BasicStroke(0.008f));
            g.draw(new Rectangle2D.Double(r.x0(), r.y0(), r.width(), r.height()));
        }
        for (Distractor d : scene.distractors()) {
            g.setColor(d.color());
            g.fill(polygon(d.sides(), d.x(), d.y(), d.radius(), d.yaw()));
        }
        double br = TableLayout.BUTTON_RADIUS;
        g.setColor(new Color(70, 70, 74));
        g.fill(new Ellipse2D.Double(layout.buttonX() - br * 1.25, layout.buttonY() - br * 1.25, br * 2.5, br * 2.5));
        g.setColor(new Color(210, 40, 36));
        g.fill(new Ellipse2D.Double(layout.buttonX() - br, layout.buttonY() - br, br * 2, br * 2));
        g.setColor(new Color(60, 60, 64));
        double lr = 0.022;
        g.fill(new Ellipse2D.Double(layout.ledX() - lr * 1.4, layout.ledY() - lr * 1.4, lr * 2.8, lr * 2.8));
        g.dispose();
        return img;
    }

    static Path2D polygon(int sides, double x, double y, double r, double yaw) {
        if (sides == 0) {
            Path2D p = new Path2D.Double();
            p.append(new Ellipse2D.Double(x - r, y - r * 0.7, 2 * r, 1.4 * r), false);
            return p;
        }
        Path2D p = new Path2D.Double();
        for (int k = 0; k < sides; k++) {
            double a = yaw + 2 * Math.PI * k / sides;
            double px = x + r * Math.cos(a);
            double py = y + r * Math.sin(a);
            if (k == 0) {
                p.moveTo(px, py);
            } else {
                p.lineTo(px, py);
            }
        }
        p.closePath();
        return p;
    }

    private static void paintTexture(EpisodeScene scene, BufferedImage img) {
        int size = img.getWidth();
        SplittableRandom rng = new SplittableRandom(scene.textureSeed());
        double[] phase = {rng.nextDouble() * 6.3, rng.nextDouble() * 6.3, rng.nextDouble() * 6.3};
        Color base = scene.tableColor();
        for (int py = 0; py < size; py++) {
            double y = 1.0 - (py + 0.5) / size;
            for (int px = 0; px < size; px++) {
                double x = (px + 0.5) / size;
                double shade = switch (scene.texture()) {
                    case WOOD -> 0.07 * Math.sin(y * 90 + 3 * Math.sin(x * 7 + phase[0]) + phase[1])
                            + 0.03 * Math.sin(y * 23 + phase[2]);
                    case CHECKER -> ((int) Math.floor(x * 8) + (int) Math.floor(y * 8)) % 2 == 0 ? 0.07 : -0.07;
                    case SPECKLE -> 0.09 * (hash(px * 131 / size, py * 131 / size, scene.textureSeed()) - 0.5);
                    case GRID -> (frac(x * 10) < 0.06 || frac(y * 10) < 0.06) ? -0.12 : 0.0;
                };
                double f = 1 + shade;
                int r = clamp(base.getRed() * f);
                int gr = clamp(base.getGreen() * f);
                int b = clamp(base.getBlue() * f);
                img.setRGB(px, py, (r << 16) | (gr << 8) | b);
            }
        }
    }

    private static double frac(double v) {
        return v - Math.floor(v);
    }

    private static double hash(int x, int y, long seed) {
        long h = seed ^ (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53;
    }

    static Color mix(Color a, Color b, double t) {
        return new Color(clamp(a.getRed() * (1 - t) + b.getRed() * t), clamp(a.getGreen() * (1 - t) + b.getGreen() * t),
                clamp(a.getBlue() * (1 - t) + b.getBlue() * t));
    }

    static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
