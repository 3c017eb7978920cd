package dev.worldlens.policy.eval;

import dev.worldlens.core.AnimatedGifWriter;
import dev.worldlens.core.RgbImage;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A chain rollout as an animated GIF: the top camera scaled up, with a caption strip under it naming the task's
 * position in the chain, its instruction and, once known, whether it succeeded.
 */
final class RolloutGif {
    private static final int SCALE = 3;
    private static final int CAPTION = 30;

    private final List<BufferedImage> frames = new ArrayList<>();

    void add(RgbImage top, String caption, Color captionColor) {
        int w = top.width() * SCALE;
        int h = top.height() * SCALE;
        BufferedImage out = new BufferedImage(w, h + CAPTION, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(top.toBufferedImage(), 0, 0, w, h, null);
            g.setColor(Color.BLACK);
            g.fillRect(0, h, w, CAPTION);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(captionColor);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            drawWrapped(g, caption, 3, h + 12, w - 6);
        } finally {
            g.dispose();
        }
        frames.add(out);
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    void write(Path target, double fps) {
        AnimatedGifWriter.write(target, frames, fps, 1);
    }

    private static void drawWrapped(Graphics2D g, String text, int x, int y, int width) {
        StringBuilder line = new StringBuilder();
        int lineY = y;
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (g.getFontMetrics().stringWidth(candidate) > width && line.length() > 0) {
                g.drawString(line.toString(), x, lineY);
                lineY += 12;
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (line.length() > 0) {
            g.drawString(line.toString(), x, lineY);
        }
    }
}
