package dev.worldlens.data.lerobot;

import dev.worldlens.core.RgbImage;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** PNG bytes to and from RgbImage: the encoding HF datasets.Image() stores in parquet. */
final class PngCodec {
    private PngCodec() {
    }

    static byte[] encode(RgbImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.rgb().length / 2 + 128);
        try {
            if (!ImageIO.write(image.toBufferedImage(), "png", out)) {
                throw new IllegalStateException("no PNG writer available in javax.imageio");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Decodes PNG (or any format ImageIO reads); throws IOException when the bytes are not an image. */
    static RgbImage decode(byte[] bytes) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            throw new IOException("not a PNG/JPEG image (" + bytes.length + " bytes)");
        }
        return RgbImage.of(image);
    }
}
