package dev.worldlens.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ScalarsTest {
    private static final float[] X = {1.5f, -2f, 0.1f, 7f, 1e-3f, -0.3f};

    @Test
    void theSameArithmeticAsTheNumberOverloads() {
        try (NDManager m = Torch.newManager()) {
            NDArray x = m.create(X);
            assertArrayEquals(x.mul(0.1).toFloatArray(), Scalars.mul(x, 0.1).toFloatArray(), 0f);
            assertArrayEquals(x.div(3).toFloatArray(), Scalars.div(x, 3).toFloatArray(), 0f);
            float[] expected = x.mul(1.0 / Math.sqrt(7)).toFloatArray();
            NDArray y = x.duplicate();
            Scalars.muli(y, 1.0 / Math.sqrt(7));
            assertArrayEquals(expected, y.toFloatArray(), 0f);
        }
    }

    /**
     * The gradient through a scaled array is right after a garbage collection between the forward and the backward
     * pass and after native memory has been handed out again filled with NaN: the scalar that autograd saved is not
     * memory the collector could free (it is with DJL's mul(Number), which is why Scalars exists).
     */
    @Test
    void theGradientSurvivesAGarbageCollectionBeforeBackward() throws InterruptedException {
        try (NDManager m = Torch.newManager()) {
            NDArray x = m.create(X);
            x.setRequiresGradient(true);
            for (int round = 0; round < 5; round++) {
                try (NDManager scope = m.newSubManager(); GradientCollector gc = Torch.newGradientCollector()) {
                    NDArray loss = Scalars.div(Scalars.mul(x, 3.0), 2).sum();
                    loss.attach(scope);
                    System.gc();
                    Thread.sleep(20);
                    List<ByteBuffer> churn = new ArrayList<>();
                    for (int i = 0; i < 2000; i++) {
                        ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                        b.putFloat(0, Float.NaN);
                        churn.add(b);
                    }
                    gc.backward(loss);
                    float[] expected = new float[X.length];
                    java.util.Arrays.fill(expected, 1.5f);
                    assertArrayEquals(expected, x.getGradient().toFloatArray(), 0f, "round " + round);
                    churn.clear();
                }
                x.getGradient().muli(0);
            }
        }
    }
}
