package dev.worldlens.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Standardizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Closed-form ridge regression from standardised transitions to standardised actions. The Gram matrix X'X is the
 * costly part and runs on the engine; it is computed once per cross-validation fold (folds are whole episodes, so a
 * fold's frames never help predict themselves), and every fold's training Gram is the total minus its own, so
 * choosing the penalty costs one pass over the data plus one d x d solve per fold and penalty, in double precision.
 */
public final class RidgeProbe implements Probe {
    private final RidgeConfig config;

    public RidgeProbe(RidgeConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "ridge";
    }

    @Override
    public FittedProbe fit(PairSet train, long seed) {
        int n = train.size();
        int d = train.inputWidth(config.mode());
        int a = train.actionDim();
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        float[] ys = new float[n * a];
        for (int i = 0; i < n; i++) {
            System.arraycopy(train.targets()[i], 0, ys, i * a, a);
        }
        Standardizer sy = Standardizer.fitRows(ys, a, all, Standardizer.DEFAULT_STD_FLOOR);
        sy.applyInPlace(ys, 0, ys.length);
        boolean crossValidate = config.alphas().size() > 1;
        int[] fold = crossValidate ? assignFolds(train.episodeOf(), Math.min(config.folds(),
                distinct(train.episodeOf())), seed) : new int[n];
        int folds = crossValidate ? Math.max(1, max(fold) + 1) : 1;
        float[] xs = train.inputsFlat(config.mode());
        if (folds > 1) {
            int[] order = orderByFold(fold);
            xs = permuteRows(xs, d, order);
            ys = permuteRows(ys, a, order);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            // centre on the engine, then standardise analytically: G_std = G_c / (sd sd'), X'Y_std = X_c'Y / sd
            NDArray xAll = m.create(xs, new Shape(n, d));
            NDArray mean = xAll.mean(new int[]{0});
            xAll.subi(mean);
            NDArray yAll = m.create(ys, new Shape(n, a));
            int[] start = new int[folds + 1];
            for (int f : fold) {
                start[f + 1]++;
            }
            for (int f = 0; f < folds; f++) {
                start[f + 1] += start[f];
            }
            List<NDArray> grams = new ArrayList<>();
            List<NDArray> cross = new ArrayList<>();
            NDArray gram = null;
            NDArray xty = null;
            for (int f = 0; f < folds; f++) {
                NDArray xf = folds == 1 ? xAll : xAll.get(new NDIndex(start[f] + ":" + start[f + 1]));
                NDArray yf = folds == 1 ? yAll : yAll.get(new NDIndex(start[f] + ":" + start[f + 1]));
                NDArray[] gb = Gram.of(xf, yf);
                NDArray g = gb[0].toType(DataType.FLOAT64, false);
                NDArray b = gb[1].toType(DataType.FLOAT64, false);
                grams.add(g);
                cross.add(b);
                gram = gram == null ? g : gram.add(g);
                xty = xty == null ? b : xty.add(b);
            }
            float[] sd = new float[d];
            double[] diag = gram.get(new NDIndex("..."))
                    .mul(m.eye(d, d, 0, DataType.FLOAT64)).sum(new int[]{1}).toDoubleArray();
            for (int j = 0; j < d; j++) {
                double v = Math.sqrt(Math.max(diag[j], 0) / n);
                sd[j] = v < Standardizer.DEFAULT_STD_FLOOR ? 1f : (float) v;
            }
            NDArray inv = m.create(sd).toType(DataType.FLOAT64, false).reshape(d, 1);
            NDArray outer = inv.matMul(inv.transpose());
            gram = gram.div(outer);
            xty = xty.div(inv);
            for (int f = 0; f < folds; f++) {
                grams.set(f, grams.get(f).div(outer));
                cross.set(f, cross.get(f).div(inv));
            }
            if (folds > 1) {
                xAll.divi(m.create(sd));
            }
            Standardizer sx = new Standardizer(mean.toFloatArray(), sd);
            double alpha = config.alphas().get(0);
            Map<Double, Double> scores = new LinkedHashMap<>();
            if (folds > 1) {
                double best = Double.NEGATIVE_INFINITY;
                for (double candidate : config.alphas()) {
                    double score = crossValidatedR2(xAll, yAll, gram, xty, grams, cross, start, candidate, n);
                    scores.put(candidate, score);
                    if (score > best) {
                        best = score;
                        alpha = candidate;
                    }
                }
            }
            NDArray w = solve(m, gram, xty, alpha * n);
            return new Fitted(config.mode(), sx, sy, w.toType(DataType.FLOAT32, false).toFloatArray(), d, a, alpha,
                    scores);
        }
    }

    private static float[] permuteRows(float[] flat, int width, int[] order) {
        float[] out = new float[flat.length];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(flat, order[i] * width, out, i * width, width);
        }
        return out;
    }

    private static double crossValidatedR2(NDArray x, NDArray y, NDArray gram, NDArray xty, List<NDArray> grams,
                                           List<NDArray> cross, int[] start, double alpha, int n) {
        int a = (int) y.getShape().get(1);
        double[] sse = new double[a];
        double[] sst = new double[a];
        NDManager m = x.getManager();
        for (int f = 0; f < grams.size(); f++) {
            int nTrain = n - (start[f + 1] - start[f]);
            try (NDManager scope = m.newSubManager()) {
                NDArray g = gram.sub(grams.get(f));
                NDArray b = xty.sub(cross.get(f));
                g.attach(scope);
                b.attach(scope);
                NDArray w = solve(scope, g, b, alpha * nTrain).toType(DataType.FLOAT32, false);
                NDArray xf = x.get(new NDIndex(start[f] + ":" + start[f + 1]));
                NDArray yf = y.get(new NDIndex(start[f] + ":" + start[f + 1]));
                xf.attach(scope);
                yf.attach(scope);
                NDArray err = yf.sub(xf.matMul(w)).square().sum(new int[]{0});
                NDArray dev = yf.sub(yf.mean(new int[]{0})).square().sum(new int[]{0});
                float[] e = err.toFloatArray();
                float[] s = dev.toFloatArray();
                for (int j = 0; j < a; j++) {
                    sse[j] += e[j];
                    sst[j] += s[j];
                }
            }
        }
        double r2 = 0;
        for (int j = 0; j < a; j++) {
            r2 += sst[j] > 0 ? 1 - sse[j] / sst[j] : 0;
        }
        return r2 / a;
    }

    /** (G + lambda I)^-1 B in double precision. */
    private static NDArray solve(NDManager m, NDArray gram, NDArray xty, double lambda) {
        long d = gram.getShape().get(0);
        NDArray regularised = gram.add(m.eye((int) d, (int) d, 0, DataType.FLOAT64).mul(lambda));
        return regularised.inverse().matMul(xty);
    }

    /** Whole episodes to folds: the distinct episode ids, shuffled by the seed, dealt round-robin. */
    private static int[] assignFolds(int[] groups, int folds, long seed) {
        int[] ids = java.util.Arrays.stream(groups).distinct().sorted().toArray();
        List<Integer> order = new ArrayList<>();
        for (int id : ids) {
            order.add(id);
        }
        Collections.shuffle(order, new java.util.Random(seed));
        Map<Integer, Integer> foldOf = new java.util.HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            foldOf.put(order.get(i), i % Math.max(1, folds));
        }
        int[] out = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            out[i] = foldOf.get(groups[i]);
        }
        return out;
    }

    /** Row order that makes each fold a contiguous slice, keeping the original order within a fold. */
    private static int[] orderByFold(int[] fold) {
        return java.util.stream.IntStream.range(0, fold.length).boxed()
                .sorted(java.util.Comparator.<Integer>comparingInt(i -> fold[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    private static int distinct(int[] groups) {
        return (int) java.util.Arrays.stream(groups).distinct().count();
    }

    private static int max(int[] v) {
        int m = 0;
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** The fitted weights; predicting is a small product, done in Java. */
    record Fitted(PairMode mode, Standardizer sx, Standardizer sy, float[] w, int d, int a, double alpha,
                  Map<Double, Double> cvScores) implements FittedProbe {
        @Override
        public float[][] predict(PairSet pairs) {
            float[] xs = sx.applyFlat(pairs.inputs(mode));
            int n = pairs.size();
            float[] out = new float[n * a];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    float v = xs[i * d + k];
                    if (v == 0) {
                        continue;
                    }
                    int base = k * a;
                    for (int j = 0; j < a; j++) {
                        out[i * a + j] += v * w[base + j];
                    }
                }
            }
            return sy.invertFlat(out);
        }
    }
}
