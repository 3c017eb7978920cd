package dev.worldlens.data.npy;

import dev.worldlens.core.InvalidInputException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documented .npy layout (numpy.lib.format): magic {@code \x93NUMPY}, version, header length (2 bytes in v1,
 * 4 in v2/v3), a Python-literal header dict with 'descr', 'fortran_order' and 'shape', then the data.
 */
public final class NpyFormat {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFormat() {
    }

    /**
     * Parses a whole .npy image. file and key only name the source in errors (key is null for a plain .npy).
     */
    public static NpyArray parse(byte[] bytes, Path file, String key) {
        String field = key == null ? "header" : key;
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new InvalidInputException(file, field, "not a .npy array (no \\x93NUMPY magic)");
        }
        int major = bytes[6];
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new InvalidInputException(file, field, "truncated .npy header");
            }
            headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8 | (bytes[10] & 0xff) << 16
                    | (bytes[11] & 0xff) << 24;
            start = 12;
        } else {
            throw new InvalidInputException(file, field, ".npy format version " + major + " is not supported");
        }
        if (headerLen < 0 || start + headerLen > bytes.length) {
            throw new InvalidInputException(file, field, "truncated .npy header (" + headerLen + " bytes declared)");
        }
        String header = new String(bytes, start, headerLen, major == 3 ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, file, field, "descr");
        if (group(FORTRAN, header, file, field, "fortran_order").equals("True")) {
            throw new InvalidInputException(file, field, "fortran_order=True arrays are not supported; save a "
                    + "C-order array (np.ascontiguousarray) instead");
        }
        int[] shape = shape(group(SHAPE, header, file, field, "shape"), file, field);
        int dataStart = start + headerLen;
        byte[] data = Arrays.copyOfRange(bytes, dataStart, bytes.length);
        boolean object = descr.equals("|O") || descr.equals("O");
        if (!object) {
            if (!NpyArray.NUMERIC.contains(descr)) {
                throw new InvalidInputException(file, field, "dtype '" + descr + "' is not supported; supported: "
                        + NpyArray.NUMERIC);
            }
            long need = (long) NpyArray.itemSize(descr);
            for (int d : shape) {
                need *= d;
            }
            if (data.length < need) {
                throw new InvalidInputException(file, field, "data shorter than the shape: "
                        + Arrays.toString(shape) + " of " + descr + " needs " + need + " bytes, found "
                        + data.length);
            }
            data = Arrays.copyOf(data, (int) need);
        }
        return new NpyArray(descr, shape, data);
    }

    /** The .npy image of an array (format version 1.0, header padded to a multiple of 64 as NumPy does). */
    public static byte[] encode(NpyArray array) {
        StringBuilder dims = new StringBuilder("(");
        int[] shape = array.shape();
        for (int i = 0; i < shape.length; i++) {
            dims.append(i > 0 ? ", " : "").append(shape[i]);
        }
        dims.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + array.descr() + "', 'fortran_order': False, 'shape': " + dims + ", }";
        int total = MAGIC.length + 4 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8 & 0xff);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(array.raw());
        return out.toByteArray();
    }

    private static String group(Pattern p, String header, Path file, String field, String name) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new InvalidInputException(file, field, "bad .npy header: no '" + name + "' in " + header.trim());
        }
        return m.group(1);
    }

    private static int[] shape(String text, Path file, String field) {
        String[] parts = text.split(",");
        int n = 0;
        int[] out = new int[parts.length];
        for (String p : parts) {
            String s = p.trim().replace("L", "");
            if (s.isEmpty()) {
                continue;
            }
            try {
                out[n++] = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(file, field, "bad .npy header: shape (" + text + ")");
            }
            if (out[n - 1] < 0) {
                throw new InvalidInputException(file, field, "bad .npy header: negative shape (" + text + ")");
            }
        }
        return Arrays.copyOf(out, n);
    }
}
