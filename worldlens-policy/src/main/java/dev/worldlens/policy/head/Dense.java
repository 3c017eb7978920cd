package dev.worldlens.policy.head;

import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;

import java.util.SplittableRandom;

/**
 * Linear layers initialised as the transformers of ViT, DiT and MDT (VPP's action head) are: weights N(0, 0.02),
 * biases zero. PyTorch's default fan-in init would make the wide Video Former input layers start far louder.
 */
final class Dense {
    static final double STD = 0.02;

    private Dense() {
    }

    static Linear create(Parameters params, String name, int in, int out, SplittableRandom rng) {
        return new Linear(params.normal(name + ".weight", STD, rng, out, in), params.constant(name + ".bias", 0f, out));
    }
}
