package dev.worldlens.policy.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import dev.worldlens.nn.Parameters;

/** A LayerNorm over the last axis with a learned gain (init 1) and shift (init 0): {@code name.g}, {@code name.b}. */
record Norm(NDArray gain, NDArray shift) {
    private static final float EPS = 1e-6f;

    static Norm create(Parameters params, String name, int width) {
        return new Norm(params.constant(name + ".g", 1f, width), params.constant(name + ".b", 0f, width));
    }

    NDArray forward(NDArray x) {
        return LayerNorm.layerNorm(x, new Shape(gain.getShape().get(0)), gain, shift, EPS).singletonOrThrow();
    }
}
