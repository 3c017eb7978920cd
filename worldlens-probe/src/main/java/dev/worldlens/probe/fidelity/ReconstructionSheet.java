package dev.worldlens.probe.fidelity;

import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.RgbImage;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A PNG of what the decoders give back, for a person to look at next to the numbers: one row per source (the
 * held-out frames, the probe decoder's reconstructions, the encoder's own decoder's), the same evenly spaced frames
 * in every row, each tile scaled up by a whole factor (nearest neighbour, so pixels stay pixels) to at least 64 px.
 */
final class ReconstructionSheet {
    static final int COLUMNS = 8;
    private static final int MIN_TILE = 64;
    private static final int GAP = 2;

    private ReconstructionSheet() {
    }

    /** Writes rows of equally many, equally sized frames; up to {@link #COLUMNS} evenly spaced columns. */
    static void write(Path file, List<List<RgbImage>> rows) {
        int frames = rows.get(0).size();
        for (List<RgbImage> row : rows) {
            if (row.size() != frames) {
                throw new IllegalArgumentException("every row needs " + frames + " frames, one has " + row.size());
            }
        }
        int columns = Math.min(COLUMNS, frames);
        RgbImage first = rows.get(0).get(0);
        int scale = Math.max(1, (MIN_TILE + Math.min(first.width(), first.height()) - 1)
                / Math.min(first.width(), first.height()));
        int tileW = first.width() * scale;
        int tileH = first.height() * scale;
        BufferedImage sheet = new BufferedImage(columns * (tileW + GAP) + GAP, rows.size() * (tileH + GAP) + GAP,
                BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                RgbImage image = rows.get(r).get((int) ((long) c * frames / columns));
                g.drawImage(image.toBufferedImage(), GAP + c * (tileW + GAP), GAP + r * (tileH + GAP), tileW, tileH,
                        null);
            }
        }
        g.dispose();
        AtomicFiles.write(file, tmp -> {
            if (!ImageIO.write(sheet, "png", tmp.toFile())) {
                throw new IOException("no PNG writer");
            }
        });
    }
}
