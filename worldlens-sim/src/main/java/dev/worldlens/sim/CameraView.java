package dev.worldlens.sim;

import dev.worldlens.core.Episode;
import dev.worldlens.core.InvalidInputException;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** What a person watches of a Tabletop episode: the top camera, the gripper camera, or both side by side. */
public enum CameraView {
    TOP, GRIPPER, BOTH;

    public static CameraView parse(String name) {
        return switch (name) {
            case "top" -> TOP;
            case "gripper" -> GRIPPER;
            case "both" -> BOTH;
            default -> throw new InvalidInputException("camera", "expected top, gripper or both, got '" + name + "'");
        };
    }

    /** Every frame of {@code e} in this view; the gripper camera is scaled to the top camera's size beside it. */
    public List<BufferedImage> frames(Episode e) {
        List<BufferedImage> frames = new ArrayList<>();
        for (int t = 0; t < e.length(); t++) {
            frames.add(frame(e, t));
        }
        return frames;
    }

    private BufferedImage frame(Episode e, int t) {
        BufferedImage top = e.frames().frame(Camera.TOP.key(), t).toBufferedImage();
        BufferedImage grip = e.frames().frame(Camera.GRIPPER.key(), t).toBufferedImage();
        if (this == TOP) {
            return top;
        }
        if (this == GRIPPER) {
            return grip;
        }
        BufferedImage both = new BufferedImage(top.getWidth() * 2, top.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(top, 0, 0, null);
        g.drawImage(grip, top.getWidth(), 0, top.getWidth(), top.getHeight(), null);
        g.dispose();
        return both;
    }
}
