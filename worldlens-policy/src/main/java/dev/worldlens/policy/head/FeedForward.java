package dev.worldlens.policy.head;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;

import java.util.SplittableRandom;

/** The transformer MLP: Linear(D, hidden), GELU, Linear(hidden, out). */
record FeedForward(Linear fc1, Linear fc2) {

    static FeedForward create(Parameters params, String name, int in, int hidden, int out, SplittableRandom rng) {
        return new FeedForward(Dense.create(params, name + ".fc1", in, hidden, rng),
                Dense.create(params, name + ".fc2", hidden, out, rng));
    }

    NDArray forward(NDArray x) {
        return fc2.forward(Activation.gelu(fc1.forward(x)));
    }
}
