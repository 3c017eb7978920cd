package dev.worldlens.data.hdf5;

import dev.worldlens.core.FrameSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;
import io.jhdf.api.Dataset;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames of one demo: each frame is read from its [T,H,W,3] dataset as a one-frame slice when asked for.
 * With upright set, frames are rotated 180 degrees (flipped vertically and horizontally), as LIBERO's own loaders
 * and openpi do, because LIBERO stores them upside down (OpenGL, bottom-up rows).
 */
final class Hdf5Frames implements FrameSource {
    private final Path file;
    private final Object lock;
    private final Map<String, Dataset> cameras;
    private final int length;
    private final boolean upright;

    Hdf5Frames(Path file, Object lock, Map<String, Dataset> cameras, int length, boolean upright) {
        this.file = file;
        this.lock = lock;
        this.cameras = new LinkedHashMap<>(cameras);
        this.length = length;
        this.upright = upright;
    }

    @Override
    public List<String> cameras() {
        return List.copyOf(cameras.keySet());
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public RgbImage frame(String camera, int t) {
        Dataset ds = cameras.get(camera);
        if (ds == null) {
            throw new IllegalArgumentException("no camera '" + camera + "'; cameras are " + cameras.keySet());
        }
        if (t < 0 || t >= length) {
            throw new IndexOutOfBoundsException("frame " + t + " of " + length);
        }
        int[] d = ds.getDimensions();
        int h = d[1];
        int w = d[2];
        byte[] rgb = new byte[h * w * 3];
        try {
            Object slice;
            synchronized (lock) { // jhdf shares one file channel
                slice = ds.getData(new long[]{t, 0, 0, 0}, new int[]{1, h, w, 3});
            }
            flatten(slice, rgb, new int[]{0});
        } catch (RuntimeException e) {
            throw new InvalidInputException(file, ds.getPath(), "cannot read frame " + t + ": " + e.getMessage(), e);
        }
        return new RgbImage(w, h, upright ? rotate180(rgb, w, h) : rgb);
    }

    /** Copies a nested array of byte/short/int (jhdf widens unsigned types) into out, in C order. */
    static void flatten(Object array, byte[] out, int[] pos) {
        if (array instanceof byte[] b) {
            System.arraycopy(b, 0, out, pos[0], b.length);
            pos[0] += b.length;
        } else if (array instanceof short[] s) {
            for (short v : s) {
                out[pos[0]++] = (byte) v;
            }
        } else if (array instanceof int[] s) {
            for (int v : s) {
                out[pos[0]++] = (byte) v;
            }
        } else {
            for (int i = 0; i < Array.getLength(array); i++) {
                flatten(Array.get(array, i), out, pos);
            }
        }
    }

    /** Reverses the pixel order: a vertical plus a horizontal flip. */
    static byte[] rotate180(byte[] rgb, int w, int h) {
        byte[] out = new byte[rgb.length];
        int n = w * h;
        for (int i = 0; i < n; i++) {
            System.arraycopy(rgb, i * 3, out, (n - 1 - i) * 3, 3);
        }
        return out;
    }
}
