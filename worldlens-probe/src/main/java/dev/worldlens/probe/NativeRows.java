package dev.worldlens.probe;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;

/**
 * A row-major float matrix in native memory, for OpenBLAS to read in place. Large ones ask for transparent huge
 * pages (madvise), which kernels set to THP "madvise", as here, give only on request; numpy asks for them too. On
 * this kind of virtual machine, writing 80 MB of fresh 4 KiB pages took 55-80 ms against 17-23 ms on 2 MiB pages,
 * most of the time of building a 20,000 x 1,024 ridge fit's inputs.
 */
final class NativeRows implements AutoCloseable {
    private static final long HUGE_PAGE = 2L << 20;
    private static final int MADV_HUGEPAGE = 14;
    private static final Object ADVISE_LOCK = new Object();
    private static com.sun.jna.Function madvise;
    private static boolean adviseTried;

    final int rows;
    final int stride;
    private final BytePointer block;
    private final FloatPointer data;

    /** {@code rows} rows of {@code stride} floats, contents undefined. */
    NativeRows(int rows, int stride) {
        long floats = (long) rows * stride;
        if (floats > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a " + rows + " x " + stride + " matrix exceeds 2^31 floats");
        }
        this.rows = rows;
        this.stride = stride;
        long bytes = Math.max(4, floats * Float.BYTES);
        boolean huge = bytes >= 4 * HUGE_PAGE;
        // over-allocate by a huge page so that the data can start on a 2 MiB boundary
        block = new BytePointer(bytes + (huge ? HUGE_PAGE : 0));
        long skip = huge ? (HUGE_PAGE - block.address() % HUGE_PAGE) % HUGE_PAGE : 0;
        if (huge) {
            adviseHugePages(block.address() + skip, bytes - bytes % HUGE_PAGE);
        }
        data = block.getPointer(FloatPointer.class, skip / Float.BYTES).capacity(floats).limit(floats);
    }

    /** The whole matrix (row 0 at position 0), for native calls. */
    FloatPointer pointer() {
        return data;
    }

    /** A view starting at row {@code row}, for native calls on a slice of rows. */
    FloatPointer fromRow(int row) {
        return data.getPointer((long) row * stride);
    }

    /** A buffer over the whole matrix; absolute bulk puts on it are safe from several threads for disjoint rows. */
    FloatBuffer buffer() {
        return data.asBuffer();
    }

    @Override
    public void close() {
        block.close();
    }

    private static void adviseHugePages(long address, long length) {
        com.sun.jna.Function f;
        synchronized (ADVISE_LOCK) {
            if (!adviseTried) {
                adviseTried = true;
                try {
                    if (com.sun.jna.Platform.isLinux()) {
                        madvise = com.sun.jna.NativeLibrary.getInstance("c").getFunction("madvise");
                    }
                } catch (RuntimeException | LinkageError e) {
                    madvise = null; // no JNA or no libc: plain pages, only slower
                }
            }
            f = madvise;
        }
        if (f != null && length > 0) {
            f.invokeInt(new Object[]{new com.sun.jna.Pointer(address), length, MADV_HUGEPAGE});
        }
    }
}
