package dev.worldlens.nn.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * SiLU (swish with beta 1), x * sigmoid(x): the activation of the Stable Diffusion VAE and the DDPM/LDM UNets.
 * Written as two engine ops (DJL's PyTorch engine has no fused SiLU); the result lives on x's manager.
 */
public final class Silu {
    private Silu() {
    }

    public static NDArray apply(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }
}
