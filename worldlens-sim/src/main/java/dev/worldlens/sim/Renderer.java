package dev.worldlens.sim;

import dev.worldlens.core.RgbImage;
import org.dyn4j.geometry.Transform;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Draws the Tabletop with Java2D, anti-aliased: the top camera sees the whole table, the gripper camera a
 * {@link Camera#GRIPPER_VIEW} m window centred on the gripper and turning with it. Both cameras share one drawing
 * routine in table coordinates; only the table-to-pixel transform differs. Frames depend only on the world state
 * and the episode's scene, so a seed renders the same bytes every time.
 */
public final class Renderer {
    private static final int BACKGROUND_RES = 256;
    private static final double FINGER_W = 0.026;
    private static final double FINGER_L = 0.05;

    private final EpisodeScene scene;
    private final int topSize;
    private final int gripperSize;
    private final BufferedImage topBackground;
    private final BufferedImage fineBackground;
    private final BufferedImage topCanvas;
    private final BufferedImage gripperCanvas;

    public Renderer(EpisodeScene scene, int topSize, int gripperSize) {
        this.scene = scene;
        this.topSize = topSize;
        this.gripperSize = gripperSize;
        this.topBackground = TableBackground.paint(scene, topSize);
        this.fineBackground = TableBackground.paint(scene, Math.max(BACKGROUND_RES, topSize));
        this.topCanvas = new BufferedImage(topSize, topSize, BufferedImage.TYPE_3BYTE_BGR);
        this.gripperCanvas = new BufferedImage(gripperSize, gripperSize, BufferedImage.TYPE_3BYTE_BGR);
    }

    public int size(Camera camera) {
        return camera == Camera.TOP ? topSize : gripperSize;
    }

    public RgbImage render(TabletopWorld world, Camera camera) {
        BufferedImage canvas = camera == Camera.TOP ? topCanvas : gripperCanvas;
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            AffineTransform toPixels;
            if (camera == Camera.TOP) {
                g.drawImage(topBackground, 0, 0, null);
                toPixels = new AffineTransform(topSize, 0, 0, -topSize, 0, topSize);
            } else {
                double s = gripperSize / Camera.GRIPPER_VIEW;
                toPixels = new AffineTransform();
                toPixels.translate(gripperSize / 2.0, gripperSize / 2.0);
                toPixels.scale(s, -s);
                toPixels.rotate(-world.gripperYaw());
                toPixels.translate(-world.gripperX(), -world.gripperY());
                g.setColor(new Color(40, 40, 44));
                g.fillRect(0, 0, gripperSize, gripperSize);
                AffineTransform bg = new AffineTransform(toPixels);
                int n = fineBackground.getWidth();
                bg.concatenate(new AffineTransform(1.0 / n, 0, 0, -1.0 / n, 0, 1.0));
                g.drawImage(fineBackground, bg, null);
            }
            g.transform(toPixels);
            drawDynamic(g, world);
        } finally {
            g.dispose();
        }
        return toRgb(canvas, scene.lighting());
    }

    private void drawDynamic(Graphics2D g, TabletopWorld w) {
        TableLayout layout = scene.layout();
        Color cab = scene.cabinetColor();
        Rect tray = layout.drawerTray(w.drawerOpening());
        g.setColor(TableBackground.mix(cab, Color.BLACK, 0.35));
        g.fill(rect(tray));
        g.setColor(TableBackground.mix(cab, Color.WHITE, 0.15));
        g.fill(new Rectangle2D.Double(tray.x0(), tray.y0(), tray.width(), 0.018));
        for (int b = 0; b < 3; b++) {
            if (w.blockInDrawer(b)) {
                drawBlock(g, b, w.blockTransform(b), 0.0);
            }
        }
        Rect cabinet = layout.cabinet();
        g.setColor(cab);
        g.fill(rect(cabinet));
        g.setColor(TableBackground.mix(cab, Color.BLACK, 0.5));
        double handleY = layout.handleY(w.drawerOpening());
        g.fill(new Rectangle2D.Double(layout.handleX() - 0.05, handleY - 0.008, 0.10, 0.016));
        double sx = layout.switchX();
        double sy = layout.switchY();
        double half = TableLayout.SWITCH_HALF_TRACK;
        g.setColor(TableBackground.mix(cab, Color.BLACK, 0.55));
        g.fill(new Rectangle2D.Double(sx - half - 0.01, sy - 0.008, 2 * half + 0.02, 0.016));
        double knobX = sx + (w.switchPosition() - 0.5) * 2 * half;
        double k = TableLayout.KNOB_SIZE;
        g.setColor(new Color(235, 235, 240));
        g.fill(new Rectangle2D.Double(knobX - k / 2, sy - k / 2, k, k));
        double lr = 0.04;
        g.setColor(w.lampOn() ? new Color(255, 236, 120) : new Color(92, 88, 78));
        g.fill(new Ellipse2D.Double(layout.lampX() - lr, layout.lampY() - lr, 2 * lr, 2 * lr));
        if (w.lampOn()) {
            g.setColor(new Color(255, 255, 210));
            g.fill(new Ellipse2D.Double(layout.lampX() - lr / 2, layout.lampY() - lr / 2, lr, lr));
        }
        double ledR = 0.022;
        g.setColor(w.ledOn() ? new Color(90, 255, 110) : new Color(24, 70, 30));
        g.fill(new Ellipse2D.Double(layout.ledX() - ledR, layout.ledY() - ledR, 2 * ledR, 2 * ledR));
        for (int b = 0; b < 3; b++) {
            if (!w.blockInDrawer(b) && b != w.heldBlock()) {
                drawBlock(g, b, w.blockTransform(b), 1.0);
            }
        }
        if (w.heldBlock() >= 0) {
            drawBlock(g, w.heldBlock(), w.blockTransform(w.heldBlock()), 2.5);
        }
        drawGripper(g, w);
    }

    /** A block with a shadow whose offset grows with the height it is lifted to (0 in the drawer, 1 on the table). */
    private void drawBlock(Graphics2D g, int b, Transform t, double height) {
        Shape shape = blockShape(scene.blockShapes().get(b), t.getTranslationX(), t.getTranslationY(),
                t.getRotationAngle());
        Lighting light = scene.lighting();
        if (height > 0) {
            Composite old = g.getComposite();
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.35f));
            g.setColor(Color.BLACK);
            g.fill(AffineTransform.getTranslateInstance(light.shadowDx() * height, light.shadowDy() * height)
                    .createTransformedShape(shape));
            g.setComposite(old);
        }
        Color c = scene.blockColors().get(b);
        g.setColor(c);
        g.fill(shape);
        g.setColor(TableBackground.mix(c, Color.WHITE, 0.45));
        Shape inner = AffineTransform.getTranslateInstance(t.getTranslationX(), t.getTranslationY())
                .createTransformedShape(AffineTransform.getScaleInstance(0.45, 0.45).createTransformedShape(
                        AffineTransform.getTranslateInstance(-t.getTranslationX(), -t.getTranslationY())
                                .createTransformedShape(shape)));
        g.fill(inner);
    }

    static Shape blockShape(BlockShape shape, double x, double y, double yaw) {
        AffineTransform at = new AffineTransform();
        at.translate(x, y);
        at.rotate(yaw);
        Shape local;
        if (shape == BlockShape.PRISM) {
            double r = shape.radius();
            Path2D p = new Path2D.Double();
            for (int k = 0; k < 3; k++) {
                double a = Math.PI / 2 + 2 * Math.PI * k / 3;
                if (k == 0) {
                    p.moveTo(r * Math.cos(a), r * Math.sin(a));
                } else {
                    p.lineTo(r * Math.cos(a), r * Math.sin(a));
                }
            }
            p.closePath();
            local = p;
        } else {
            local = new Rectangle2D.Double(-shape.length() / 2, -shape.width() / 2, shape.length(), shape.width());
        }
        return at.createTransformedShape(local);
    }

    /**
     * Two finger pads that close along the gripper's local x, a palm joining them and a wrist marker on the local +y
     * side, so yaw is readable over the full turn. Lowered (closed, empty) fingers are drawn darker.
     */
    private void drawGripper(Graphics2D g, TabletopWorld w) {
        AffineTransform saved = g.getTransform();
        g.translate(w.gripperX(), w.gripperY());
        g.rotate(w.gripperYaw());
        double half = w.gripperOpening() / 2;
        boolean lowered = w.gripperClosed() && w.heldBlock() < 0;
        Color finger = lowered ? new Color(30, 30, 34) : new Color(70, 70, 78);
        g.setColor(new Color(150, 150, 160));
        g.fill(new Rectangle2D.Double(-half - FINGER_W, FINGER_L / 2 - 0.004, 2 * half + 2 * FINGER_W, 0.016));
        g.setColor(finger);
        g.fill(new Rectangle2D.Double(-half - FINGER_W, -FINGER_L / 2, FINGER_W, FINGER_L));
        g.fill(new Rectangle2D.Double(half, -FINGER_L / 2, FINGER_W, FINGER_L));
        g.setColor(new Color(255, 140, 0));
        g.fill(new Ellipse2D.Double(-0.016, FINGER_L / 2 + 0.008, 0.032, 0.032));
        g.setTransform(saved);
    }

    private static Rectangle2D rect(Rect r) {
        return new Rectangle2D.Double(r.x0(), r.y0(), r.width(), r.height());
    }

    private static RgbImage toRgb(BufferedImage canvas, Lighting light) {
        byte[] bgr = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        int n = canvas.getWidth() * canvas.getHeight();
        byte[] rgb = new byte[n * 3];
        if (light.isNeutral()) {
            for (int i = 0; i < n; i++) {
                rgb[i * 3] = bgr[i * 3 + 2];
                rgb[i * 3 + 1] = bgr[i * 3 + 1];
                rgb[i * 3 + 2] = bgr[i * 3];
            }
        } else {
            float fr = (float) (light.brightness() * light.tintR());
            float fg = (float) (light.brightness() * light.tintG());
            float fb = (float) (light.brightness() * light.tintB());
            for (int i = 0; i < n; i++) {
                rgb[i * 3] = scale(bgr[i * 3 + 2], fr);
                rgb[i * 3 + 1] = scale(bgr[i * 3 + 1], fg);
                rgb[i * 3 + 2] = scale(bgr[i * 3], fb);
            }
        }
        return new RgbImage(canvas.getWidth(), canvas.getHeight(), rgb);
    }

    private static byte scale(byte v, float f) {
        return (byte) Math.min(255, Math.round((v & 0xff) * f));
    }
}
