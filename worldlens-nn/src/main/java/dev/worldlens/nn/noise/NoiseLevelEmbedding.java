package dev.worldlens.nn.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;

import java.util.SplittableRandom;

/**
 * Turns a scalar noise level per sample (EDM's cNoise = ln(sigma) / 4, or a diffusion time) into a token or a
 * conditioning vector of width D: fixed sinusoidal features [cos(c f_i), sin(c f_i)] with f_i = 10000^(-i / (D/2))
 * (the "positional" noise embedding of EDM's and DDPM's networks), then Linear(D, D), GELU, Linear(D, D) as DiT's
 * timestep embedder does (DiT uses SiLU; GELU here matches the ViT blocks). Parameters {@code prefix.fc1.*} and
 * {@code prefix.fc2.*}.
 */
public final class NoiseLevelEmbedding {
    private final int width;
    private final Linear fc1;
    private final Linear fc2;

    private NoiseLevelEmbedding(int width, Linear fc1, Linear fc2) {
        this.width = width;
        this.fc1 = fc1;
        this.fc2 = fc2;
    }

    /** Defines the two layers in {@code params} (PyTorch's default Linear init, drawn from {@code rng}). */
    public static NoiseLevelEmbedding create(Parameters params, String prefix, int width, SplittableRandom rng) {
        if (width < 2 || width % 2 != 0) {
            throw new IllegalArgumentException("noise embedding width must be even, got " + width);
        }
        return new NoiseLevelEmbedding(width, Linear.create(params, prefix + "fc1", width, width, rng),
                Linear.create(params, prefix + "fc2", width, width, rng));
    }

    /** The embedding [n, D] of {@code levels} (one per sample); every array goes on {@code scope}. */
    public NDArray forward(NDManager scope, float[] levels) {
        NDArray features = scope.create(sinusoid(levels, width), new Shape(levels.length, width));
        return fc2.forward(Activation.gelu(fc1.forward(features)));
    }

    /** The fixed features [n * width], row-major: first half cosines, second half sines. */
    public static float[] sinusoid(float[] levels, int width) {
        int half = width / 2;
        float[] out = new float[levels.length * width];
        for (int n = 0; n < levels.length; n++) {
            for (int i = 0; i < half; i++) {
                double arg = levels[n] * Math.pow(10000.0, -(double) i / half);
                out[n * width + i] = (float) Math.cos(arg);
                out[n * width + half + i] = (float) Math.sin(arg);
            }
        }
        return out;
    }

    public int width() {
        return width;
    }

    public long parameterCount() {
        return fc1.weightCount() + fc1.out() + fc2.weightCount() + fc2.out();
    }

    /** Forward FLOPs for {@code rows} samples (two D x D matmuls). */
    public double flops(int rows) {
        return 2.0 * rows * (fc1.weightCount() + fc2.weightCount());
    }
}
