package dev.worldlens.policy.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Scalars;

import java.util.SplittableRandom;

/**
 * Scaled dot-product attention with {@code heads} heads: queries from one sequence [B, Lq, Dq], keys and values from
 * another [B, Lk, Dk] (the same one for self-attention), inner width {@code heads * headDim}, an output projection
 * back to Dq. Parameters {@code name.q}, {@code name.k}, {@code name.v}, {@code name.out}.
 */
record MultiHeadAttention(Linear q, Linear k, Linear v, Linear out, int heads, int headDim) {

    static MultiHeadAttention create(Parameters params, String name, int queryWidth, int keyWidth, int heads,
                                     int headDim, SplittableRandom rng) {
        int inner = heads * headDim;
        return new MultiHeadAttention(Dense.create(params, name + ".q", queryWidth, inner, rng),
                Dense.create(params, name + ".k", keyWidth, inner, rng),
                Dense.create(params, name + ".v", keyWidth, inner, rng),
                Dense.create(params, name + ".out", inner, queryWidth, rng), heads, headDim);
    }

    /**
     * Attends from {@code queries} [B, Lq, Dq] over {@code keys} [B, Lk, Dk]; {@code bias} [Lq, Lk] (or null) is added
     * to every head's logits (0 to allow, a large negative number to forbid, e.g. a causal mask).
     */
    NDArray forward(NDArray queries, NDArray keys, NDArray bias) {
        Shape qs = queries.getShape();
        long b = qs.get(0);
        long lq = qs.get(1);
        long lk = keys.getShape().get(1);
        NDArray qh = Scalars.mul(split(q.forward(queries), b, lq), 1.0 / Math.sqrt(headDim));
        NDArray kh = split(k.forward(keys), b, lk);
        NDArray vh = split(v.forward(keys), b, lk);
        NDArray logits = qh.matMul(kh.transpose(0, 1, 3, 2));
        if (bias != null) {
            logits = logits.add(bias);
        }
        NDArray mixed = logits.softmax(-1).matMul(vh).transpose(0, 2, 1, 3).reshape(b, lq, (long) heads * headDim);
        return out.forward(mixed);
    }

    private NDArray split(NDArray x, long b, long l) {
        return x.reshape(b, l, heads, headDim).transpose(0, 2, 1, 3);
    }

    /** A causal bias [n, n]: 0 on and below the diagonal, -1e9 above (token i reads tokens 0..i). */
    static float[] causalBias(int n) {
        float[] bias = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                bias[i * n + j] = -1e9f;
            }
        }
        return bias;
    }
}
