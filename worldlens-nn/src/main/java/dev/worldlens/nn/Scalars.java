package dev.worldlens.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.util.function.BinaryOperator;

/**
 * An array times or over a number, safe under autograd. Use these instead of DJL's {@code mul(Number)},
 * {@code div(Number)} and the other number overloads; a test ({@code NoNumberOverloadsTest}) refuses those in
 * WorldLens code.
 *
 * <p>Why: the PyTorch engine implements {@code x.mul(0.5)} by wrapping the number in a tensor that borrows a Java
 * direct buffer, doing the multiplication, and closing the wrapper at once. Autograd has meanwhile saved that tensor
 * for the backward pass (the gradient of x is the incoming gradient times 0.5), but not the buffer, which the
 * garbage collector frees. A backward pass after a collection then reads freed memory: gradients come out slightly
 * wrong or NaN, at random, so identical runs differ and a resumed run drifts from an uninterrupted one. The
 * scalar made here lives in PyTorch's own memory, which the saved tensor keeps alive.
 */
public final class Scalars {
    private Scalars() {
    }

    /** {@code x * s}. */
    public static NDArray mul(NDArray x, double s) {
        return apply(x, s, NDArray::mul);
    }

    /** {@code x * s} in place (the op-by-op optimizer path). */
    public static NDArray muli(NDArray x, double s) {
        return apply(x, s, NDArray::muli);
    }

    /** {@code x / s}. */
    public static NDArray div(NDArray x, double s) {
        return apply(x, s, NDArray::div);
    }

    private static NDArray apply(NDArray x, double s, BinaryOperator<NDArray> op) {
        // a 0-d scalar of x's type: the arithmetic of the number overload for a float32 x, except that a 0-d x (a
        // loss term) stays float32 where a double number would have promoted it to float64
        try (NDArray scalar = x.getManager().full(new Shape(), (float) s, x.getDataType())) {
            return op.apply(x, scalar);
        }
    }
}
