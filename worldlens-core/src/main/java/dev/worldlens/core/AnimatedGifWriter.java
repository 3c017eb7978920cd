package dev.worldlens.core;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes frames as a looping animated GIF with the JDK's own GIF encoder, scaled up by an integer factor (nearest
 * neighbour, so pixels stay sharp) because 64x64 frames are too small to watch. Written atomically.
 */
public final class AnimatedGifWriter {
    private AnimatedGifWriter() {
    }

    public static void write(Path target, List<BufferedImage> frames, double fps, int scale) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to write to " + target);
        }
        int delayCs = Math.max(2, (int) Math.round(100.0 / fps));
        AtomicFiles.write(target, tmp -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
                writer.setOutput(out);
                writer.prepareWriteSequence(null);
                boolean first = true;
                for (BufferedImage frame : frames) {
                    BufferedImage scaled = upscale(frame, scale);
                    IIOMetadata meta = writer.getDefaultImageMetadata(
                            ImageTypeSpecifier.createFromRenderedImage(scaled), writer.getDefaultWriteParam());
                    configure(meta, delayCs, first);
                    writer.writeToSequence(new IIOImage(scaled, null, meta), writer.getDefaultWriteParam());
                    first = false;
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
        });
    }

    /** Lays frames side by side (columns, then rows), scaled up: a still overview of an episode. */
    public static BufferedImage contactSheet(List<BufferedImage> frames, int columns, int scale) {
        int w = frames.get(0).getWidth() * scale;
        int h = frames.get(0).getHeight() * scale;
        int rows = (frames.size() + columns - 1) / columns;
        BufferedImage sheet = new BufferedImage(columns * (w + 2), rows * (h + 2), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        for (int i = 0; i < frames.size(); i++) {
            g.drawImage(frames.get(i), (i % columns) * (w + 2), (i / columns) * (h + 2), w, h, null);
        }
        g.dispose();
        return sheet;
    }

    private static BufferedImage upscale(BufferedImage frame, int scale) {
        BufferedImage out = new BufferedImage(frame.getWidth() * scale, frame.getHeight() * scale,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(frame, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    private static void configure(IIOMetadata meta, int delayCs, boolean first) throws IOException {
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(delayCs));
        gce.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[]{1, 0, 0});
            apps.appendChild(app);
        }
        meta.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
