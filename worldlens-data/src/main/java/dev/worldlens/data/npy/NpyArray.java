package dev.worldlens.data.npy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * One array of a .npy file: its dtype string as NumPy writes it ({@code '<f4'}, {@code '|u1'}, ...), its C-order
 * shape and its raw data bytes. Values are converted on access, so a caller asks for the type it wants.
 * For an object array ({@code '|O'}) the data bytes are the pickle NumPy wrote.
 *
 * @param descr the dtype, e.g. {@code <f4}
 * @param shape C-order shape; empty for a scalar
 * @param raw   the data bytes, exactly {@code size() * itemSize()} long for numeric dtypes
 */
public record NpyArray(String descr, int[] shape, byte[] raw) {
    /** The dtypes this reader understands, besides pickled objects. */
    public static final List<String> NUMERIC = List.of("<f4", "<f8", "|u1", "|i1", "|b1", "<i4", "<i8");

    public NpyArray {
        shape = shape.clone();
        // fields are not assigned yet inside a compact constructor, so test the parameter
        boolean object = isObject(descr);
        if (!object && !NUMERIC.contains(descr)) {
            throw new IllegalArgumentException("dtype '" + descr + "' is not supported; supported: " + NUMERIC
                    + " and '|O'");
        }
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (!object && raw.length != n * itemSize(descr)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + descr + " needs "
                    + (long) size() * itemSize(descr) + " bytes, got " + raw.length);
        }
    }

    public static NpyArray ofFloats(float[] values, int... shape) {
        ByteBuffer b = buffer(values.length * 4);
        b.asFloatBuffer().put(values);
        return new NpyArray("<f4", shape, b.array());
    }

    public static NpyArray ofDoubles(double[] values, int... shape) {
        ByteBuffer b = buffer(values.length * 8);
        b.asDoubleBuffer().put(values);
        return new NpyArray("<f8", shape, b.array());
    }

    public static NpyArray ofLongs(long[] values, int... shape) {
        ByteBuffer b = buffer(values.length * 8);
        b.asLongBuffer().put(values);
        return new NpyArray("<i8", shape, b.array());
    }

    public static NpyArray ofUint8(byte[] values, int... shape) {
        return new NpyArray("|u1", shape, values.clone());
    }

    /** Bytes per element of a numeric dtype. */
    public static int itemSize(String descr) {
        return switch (descr) {
            case "<f8", "<i8" -> 8;
            case "<f4", "<i4" -> 4;
            case "|u1", "|i1", "|b1" -> 1;
            default -> throw new IllegalArgumentException("dtype '" + descr + "' has no fixed item size");
        };
    }

    public boolean isObject() {
        return isObject(descr);
    }

    private static boolean isObject(String descr) {
        return descr.equals("|O") || descr.equals("O");
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements (1 for a scalar). */
    public int size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("array of shape " + Arrays.toString(shape) + " is too large");
        }
        return (int) n;
    }

    /** All values as float, whatever the numeric dtype (u1 read as unsigned). */
    public float[] floats() {
        int n = size();
        float[] out = new float[n];
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            out[i] = switch (numeric()) {
                case "<f4" -> b.getFloat(i * 4);
                case "<f8" -> (float) b.getDouble(i * 8);
                case "<i4" -> b.getInt(i * 4);
                case "<i8" -> b.getLong(i * 8);
                case "|u1", "|b1" -> raw[i] & 0xff;
                default -> raw[i];
            };
        }
        return out;
    }

    /** All values as long; only for integer and bool dtypes, so that no float is silently truncated. */
    public long[] longs() {
        String d = numeric();
        if (d.startsWith("<f")) {
            throw new IllegalStateException("dtype " + d + " is not an integer type");
        }
        int n = size();
        long[] out = new long[n];
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            out[i] = switch (d) {
                case "<i4" -> b.getInt(i * 4);
                case "<i8" -> b.getLong(i * 8);
                case "|u1", "|b1" -> raw[i] & 0xff;
                default -> raw[i];
            };
        }
        return out;
    }

    /** The values of a one-byte dtype (u1, i1, b1) as stored, e.g. the pixels of a uint8 image. */
    public byte[] bytes() {
        String d = numeric();
        if (itemSize(d) != 1) {
            throw new IllegalStateException("dtype " + d + " is not a one-byte type");
        }
        return raw.clone();
    }

    private String numeric() {
        if (isObject()) {
            throw new IllegalStateException("an object array holds a pickle, not numbers");
        }
        return descr;
    }

    private static ByteBuffer buffer(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && a.descr.equals(descr) && Arrays.equals(a.shape, shape)
                && Arrays.equals(a.raw, raw);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * descr.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "NpyArray[" + descr + " " + Arrays.toString(shape) + "]";
    }
}
