package dev.worldlens.nn;

import ai.djl.ndarray.NDArray;

import java.util.SplittableRandom;

/**
 * A fully connected layer y = x W^T + b with PyTorch's layout (weight [out, in]) and PyTorch's default
 * {@code nn.Linear} initialisation (kaiming-uniform with a = sqrt(5), i.e. weights and bias uniform in
 * [-1/sqrt(in), 1/sqrt(in)]), drawn from Java's SplittableRandom so a seed gives the same weights everywhere.
 * The parameters are named {@code name.weight} and {@code name.bias}.
 */
public record Linear(NDArray weight, NDArray bias) {

    /** Defines the layer's parameters in {@code params}; draws the weight, then the bias, from {@code rng}. */
    public static Linear create(Parameters params, String name, int in, int out, SplittableRandom rng) {
        double bound = 1.0 / Math.sqrt(in);
        NDArray w = params.uniform(name + ".weight", bound, rng, out, in);
        NDArray b = params.uniform(name + ".bias", bound, rng, out);
        return new Linear(w, b);
    }

    /** The layer on x [..., in] giving [..., out]; the result lives on x's manager (one fused addmm). */
    public NDArray forward(NDArray x) {
        return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }

    public long in() {
        return weight.getShape().get(1);
    }

    public long out() {
        return weight.getShape().get(0);
    }

    /** Weights (biases excluded) times the number of rows: the multiply-adds of one forward pass per row. */
    public long weightCount() {
        return weight.getShape().size();
    }
}
