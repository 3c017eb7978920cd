package dev.worldlens.nn;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with one PyTorch intra-op thread and restores the previous count afterwards. Tiny-size family
 * tests gain nothing from intra-op parallelism (their matrices are a few dozen rows wide), and on a 2-core machine
 * shared with other builds two threads make them 10-30 times slower: PyTorch's OpenMP workers spin at every
 * barrier, so when one of them is descheduled the other burns its slice waiting (measured: the vjepa test class took
 * 174 s with two threads under a load of 10, a few seconds with one).
 *
 * <p>Shared with the other modules' tests through worldlens-nn's test-jar.
 */
public final class SingleTorchThread implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            SingleTorchThread.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("threads", Torch.threads());
        Torch.setThreads(1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Integer previous = context.getStore(NAMESPACE).get("threads", Integer.class);
        if (previous != null) {
            Torch.setThreads(previous);
        }
    }
}
