package dev.worldlens.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/** The DJL PyTorch engine: managers, gradient collectors and the intra-op thread count. */
public final class Torch {
    public static final String ENGINE = "PyTorch";

    private Torch() {
    }

    public static Engine engine() {
        return Engine.getEngine(ENGINE);
    }

    /** A base manager on the CPU of the PyTorch engine (whatever the default engine is). */
    public static NDManager newManager() {
        return NDManager.newBaseManager(Device.cpu(), ENGINE);
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
