package dev.worldlens.data.lerobot;

import dev.worldlens.core.RgbImage;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * PNG bytes to and from RgbImage: the encoding HF datasets.Image() stores in parquet.
 *
 * <p>Encoding is done here rather than with ImageIO, whose PNG writer is several times slower on small frames and
 * would make PNG encoding the bottleneck of dataset writing. Decoding uses ImageIO, which reads any PNG that other
 * tools write (palettes, alpha, 16-bit, interlacing).
 */
final class PngCodec {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** PNG row filter "Sub": each byte minus the byte one pixel to the left; cheap and good on smooth renders. */
    private static final int FILTER_SUB = 1;

    private PngCodec() {
    }

    /** An 8-bit RGB, non-interlaced PNG. */
    static byte[] encode(RgbImage image) {
        int w = image.width();
        int h = image.height();
        byte[] rgb = image.rgb();
        int stride = w * 3;
        byte[] filtered = new byte[h * (stride + 1)];
        for (int y = 0; y < h; y++) {
            int in = y * stride;
            int out = y * (stride + 1);
            filtered[out++] = FILTER_SUB;
            for (int x = 0; x < stride; x++) {
                filtered[out + x] = (byte) (rgb[in + x] - (x >= 3 ? rgb[in + x - 3] : 0));
            }
        }
        Deflater deflater = new Deflater(6);
        deflater.setInput(filtered);
        deflater.finish();
        ByteArrayOutputStream idat = new ByteArrayOutputStream(filtered.length / 2 + 64);
        byte[] buf = new byte[8192];
        while (!deflater.finished()) {
            int n = deflater.deflate(buf);
            idat.write(buf, 0, n);
        }
        deflater.end();

        ByteArrayOutputStream png = new ByteArrayOutputStream(idat.size() + 64);
        png.writeBytes(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, w);
        putInt(header, 4, h);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour RGB
        chunk(png, "IHDR", header);
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
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
