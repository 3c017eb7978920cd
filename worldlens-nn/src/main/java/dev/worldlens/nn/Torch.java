package dev.worldlens.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/** The DJL PyTorch engine: managers, gradient collectors and the intra-op thread count. */
public final class Torch {
    public static final String ENGINE = "PyTorch";

    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    private static Boolean allocatorTuned;

    private Torch() {
    }

    public static Engine engine() {
        return Engine.getEngine(ENGINE);
    }

    /**
     * A base manager on the CPU of the PyTorch engine (whatever the default engine is). The first call also tunes
     * the native allocator ({@link #tuneNativeAllocator()}).
     */
    public static NDManager newManager() {
        tuneNativeAllocator();
        return NDManager.newBaseManager(Device.cpu(), ENGINE);
    }

    /**
     * Keeps freed native memory in the process for reuse instead of handing it back to the kernel (glibc:
     * M_MMAP_THRESHOLD 32 MiB, M_TRIM_THRESHOLD 256 MiB, as the MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_
     * environment variables would). PyTorch's CPU allocator does not cache: every temporary of a training step is a
     * fresh malloc, and with glibc's defaults the ones of a few hundred KiB and more are mmapped or trimmed and come
     * back as page faults on every step (measured: about 2 ms of a 5 ms MLP-probe step on 2 cores). Process wide and
     * done once; skipped off glibc/Linux, when either variable is set, or with -Dworldlens.malloc.tune=false.
     * Returns whether the settings are in force.
     */
    public static synchronized boolean tuneNativeAllocator() {
        if (allocatorTuned != null) {
            return allocatorTuned;
        }
        allocatorTuned = false;
        if (!"false".equalsIgnoreCase(System.getProperty("worldlens.malloc.tune"))
                && System.getenv("MALLOC_MMAP_THRESHOLD_") == null && System.getenv("MALLOC_TRIM_THRESHOLD_") == null
                && com.sun.jna.Platform.isLinux()) {
            try {
                com.sun.jna.Function mallopt = com.sun.jna.NativeLibrary.getInstance("c").getFunction("mallopt");
                int mmap = mallopt.invokeInt(new Object[]{M_MMAP_THRESHOLD, 32 << 20});
                int trim = mallopt.invokeInt(new Object[]{M_TRIM_THRESHOLD, 256 << 20});
                allocatorTuned = mmap == 1 && trim == 1;
            } catch (RuntimeException | LinkageError e) {
                allocatorTuned = false;
            }
        }
        return allocatorTuned;
    }

    public static GradientCollector newGradientCollector() {
        return engine().newGradientCollector();
    }

    /** PyTorch's intra-op threads (process wide). Results on the CPU are reproducible for a fixed count. */
    public static int threads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /** Sets PyTorch's intra-op threads for the whole process; 0 or less leaves the current setting. */
    public static void setThreads(int threads) {
        engine();
        if (threads > 0 && JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }
}
