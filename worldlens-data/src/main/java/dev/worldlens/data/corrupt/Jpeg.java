package dev.worldlens.data.corrupt;

import dev.worldlens.core.RgbImage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * JPEG compression through a real codec: the frame is written by javax.imageio's baseline JPEG writer (JFIF,
 * YCbCr with the writer's default chroma subsampling, the IJG tables scaled to the quality) and read back by its
 * reader. Streams are kept in memory (no ImageIO disk cache).
 */
public final class Jpeg {
    /**
     * JPEG quality (1..100, IJG scale) by severity 1..5, ImageNet-C's table; severity 0 (index 0) is no compression.
     */
    public static final int[] QUALITY = {100, 25, 18, 15, 10, 7};

    private Jpeg() {
    }

    /** The frame compressed at the quality and decoded again. */
    public static RgbImage compress(RgbImage frame, int quality) {
        return decode(encode(frame, quality));
    }

    /** The JPEG bytes of a frame at quality 1..100. */
    public static byte[] encode(RgbImage frame, int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JVM has no javax.imageio JPEG writer");
        }
        ImageWriter writer = writers.next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(frame.toBufferedImage(), null, null), param);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }

    /** Decodes JPEG bytes with javax.imageio's JPEG reader into an RGB frame. */
    public static RgbImage decode(byte[] jpeg) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) {
            throw new IllegalStateException("this JVM has no javax.imageio JPEG reader");
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in, true, true);
            return RgbImage.of(reader.read(0));
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG decoding failed (" + jpeg.length + " bytes): " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }
}
