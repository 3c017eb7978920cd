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
        float[][] x = train.inputs(config.mode());
        Standardizer sx = Standardizer.fit(x, Standardizer.DEFAULT_STD_FLOOR);
        Standardizer sy = Standardizer.fit(train.targets(), Standardizer.DEFAULT_STD_FLOOR);
        return fit(sx, sy, sx.applyFlat(x), sy.applyFlat(train.targets()), x.length, train.episodeOf(), seed);
    }

    /** Fits on prepared (standardised, row-major) data; {@code groups} assigns rows to episodes for the folds. */
    FittedProbe fit(Standardizer sx, Standardizer sy, float[] xs, float[] ys, int n, int[] groups, long seed) {
        int d = sx.mean().length;
        int a = sy.mean().length;
        try (NDManager m = NDManager.newBaseManager()) {
            int[] fold = assignFolds(groups, Math.min(config.folds(), distinct(groups)), seed);
            int folds = config.alphas().size() == 1 ? 1 : Math.max(1, max(fold) + 1);
            int[] order = orderByFold(fold, folds);
            float[] xo = new float[xs.length];
            float[] yo = new float[ys.length];
            for (int i = 0; i < n; i++) {
                System.arraycopy(xs, order[i] * d, xo, i * d, d);
                System.arraycopy(ys, order[i] * a, yo, i * a, a);
            }
            NDArray xAll = m.create(xo, new Shape(n, d));
            NDArray yAll = m.create(yo, new Shape(n, a));
            int[] start = new int[folds + 1];
            for (int f : fold) {
                start[(folds == 1 ? 0 : f) + 1]++;
            }
            for (int f = 0; f < folds; f++) {
                start[f + 1] += start[f];
            }
            List<NDArray> grams = new ArrayList<>();
            List<NDArray> cross = new ArrayList<>();
            NDArray gram = null;
            NDArray xty = null;
            for (int f = 0; f < folds; f++) {
                NDArray xf = xAll.get(new NDIndex(start[f] + ":" + start[f + 1]));
                NDArray yf = yAll.get(new NDIndex(start[f] + ":" + start[f + 1]));
                NDArray g = Gram.of(xf).toType(DataType.FLOAT64, false);
                NDArray b = xf.transpose().matMul(yf).toType(DataType.FLOAT64, false);
                grams.add(g);
                cross.add(b);
                gram = gram == null ? g : gram.add(g);
                xty = xty == null ? b : xty.add(b);
            }
            double alpha = config.alphas().get(0);
            Map<Double, Double> scores = new LinkedHashMap<>();
            if (config.alphas().size() > 1 && folds > 1) {
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

    private static int[] assignFolds(int[] groups, int folds, long seed) {
        List<Integer> ids = new ArrayList<>();
        for (int g : groups) {
            if (!ids.contains(g)) {
                ids.add(g);
            }
        }
        Collections.sort(ids);
        Collections.shuffle(ids, new java.util.Random(seed));
        Map<Integer, Integer> foldOf = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            foldOf.put(ids.get(i), i % Math.max(1, folds));
        }
        int[] out = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            out[i] = foldOf.get(groups[i]);
        }
        return out;
    }

    private static int[] orderByFold(int[] fold, int folds) {
        Integer[] idx = new Integer[fold.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (p, q) -> folds == 1 ? Integer.compare(p, q)
                : fold[p] != fold[q] ? Integer.compare(fold[p], fold[q]) : Integer.compare(p, q));
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = idx[i];
        }
        return out;
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
