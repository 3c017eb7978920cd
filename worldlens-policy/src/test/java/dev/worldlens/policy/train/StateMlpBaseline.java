package dev.worldlens.policy.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.worldlens.nn.Adam;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Standardizer;
import dev.worldlens.nn.Torch;
import dev.worldlens.policy.eval.TabletopInputs;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The plain regression a policy over the state oracle should beat: an MLP (state, bag of instruction words) -> chunk
 * (256-256 ReLU, Adam 1e-3, full batch), fit on one sample set and scored on it and on another.
 */
final class StateMlpBaseline {
    private StateMlpBaseline() {
    }

    /** Fits on {@code train} ({@code standardise}: z-scored state) for {@code steps}; returns {train, held-out MSE}. */
    static double[] fit(ChunkSamples train, ChunkSamples held, boolean standardise, int steps) {
        List<String> vocab = TabletopInputs.vocabulary();
        int sd = train.observation(0).state().length;
        int in = sd + vocab.size();
        float[][] st = new float[train.size()][];
        for (int i = 0; i < train.size(); i++) {
            st[i] = train.observation(i).state();
        }
        Standardizer z = Standardizer.fit(st, 1e-3);
        BiFunction<ChunkSamples, Integer, float[]> row = (cs, i) -> {
            float[] r = new float[in];
            float[] x = cs.observation(i).state();
            for (int k = 0; k < sd; k++) {
                r[k] = standardise ? (x[k] - z.mean()[k]) / z.std()[k] : x[k];
            }
            for (String w : cs.instruction(i).toLowerCase().split("[^a-z0-9]+")) {
                int k = vocab.indexOf(w);
                if (k >= 0) {
                    r[sd + k] = 1;
                }
            }
            return r;
        };
        try (NDManager m = Torch.newManager()) {
            Parameters p = new Parameters(m);
            SplittableRandom rng = new SplittableRandom(1);
            Linear l1 = Linear.create(p, "l1", in, 256, rng);
            Linear l2 = Linear.create(p, "l2", 256, 256, rng);
            Linear l3 = Linear.create(p, "l3", 256, 40, rng);
            Adam adam = Adam.withDefaults(p, 1e-3);
            Function<NDArray, NDArray> f = x -> l3.forward(Activation.relu(
                    l2.forward(Activation.relu(l1.forward(x)))));
            float[] xs = new float[train.size() * in];
            float[] ys = new float[train.size() * 40];
            for (int i = 0; i < train.size(); i++) {
                System.arraycopy(row.apply(train, i), 0, xs, i * in, in);
                System.arraycopy(train.chunk(i), 0, ys, i * 40, 40);
            }
            for (int step = 0; step < steps; step++) {
                try (NDManager scope = m.newSubManager()) {
                    NDArray x = scope.create(xs, new Shape(train.size(), in));
                    NDArray y = scope.create(ys, new Shape(train.size(), 40));
                    try (GradientCollector gc = Torch.newGradientCollector()) {
                        gc.backward(f.apply(x).sub(y).square().mean());
                    }
                    adam.step();
                }
            }
            double[] out = new double[2];
            for (int which = 0; which < 2; which++) {
                ChunkSamples cs = which == 0 ? train : held;
                try (NDManager scope = m.newSubManager()) {
                    float[] hx = new float[cs.size() * in];
                    for (int i = 0; i < cs.size(); i++) {
                        System.arraycopy(row.apply(cs, i), 0, hx, i * in, in);
                    }
                    float[] pred = f.apply(scope.create(hx, new Shape(cs.size(), in))).toFloatArray();
                    double sum = 0;
                    for (int i = 0; i < cs.size(); i++) {
                        for (int j = 0; j < 40; j++) {
                            sum += Math.pow(pred[i * 40 + j] - cs.chunk(i)[j], 2);
                        }
                    }
                    out[which] = sum / (cs.size() * 40.0);
                }
            }
            return out;
        }
    }
}
