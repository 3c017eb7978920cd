package dev.worldlens.probe;

import dev.worldlens.nn.Standardizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Closed-form ridge regression from standardised transitions to standardised actions. The cross products X'X and X'Y
 * are the costly part; they run on OpenBLAS ({@link Gram}), once per cross-validation fold (folds are whole
 * episodes, so a fold's frames never help predict themselves), and every fold's training Gram is the total minus its
 * own, so choosing the penalties (one per output) costs one pass over the data plus one d x d Cholesky solve per fold
 * and penalty, in double precision (the folds' solves side by side). Inputs are standardised analytically: the Gram
 * of the centred inputs is divided by sd sd'.
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
    public Fitted fit(PairSet train, long seed) {
        long t0 = System.nanoTime();
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
        int[] order = null;
        if (folds > 1) {
            order = orderByFold(fold);
            ys = permuteRows(ys, a, order);
        }
        int[] start = new int[folds + 1];
        for (int f : fold) {
            start[f + 1]++;
        }
        for (int f = 0; f < folds; f++) {
            start[f + 1] += start[f];
        }
        try (Gram products = Gram.build(train, config.mode(), order, ys)) {
            long t1 = System.nanoTime();
            List<double[]> grams = new ArrayList<>();
            List<double[]> cross = new ArrayList<>();
            double[] gram = null;
            double[] xty = null;
            for (int f = 0; f < folds; f++) {
                double[][] gb = products.products(start[f], start[f + 1]);
                if (folds == 1) {
                    gram = gb[0];
                    xty = gb[1];
                    break;
                }
                grams.add(gb[0]);
                cross.add(gb[1]);
                gram = gram == null ? gb[0].clone() : addInPlace(gram, gb[0]);
                xty = xty == null ? gb[1].clone() : addInPlace(xty, gb[1]);
            }
            long t2 = System.nanoTime();
            // standardise analytically: G_std = G_c / (sd sd'), X'Y_std = X_c'Y / sd
            float[] sd = new float[d];
            for (int j = 0; j < d; j++) {
                double v = Math.sqrt(Math.max(gram[j * d + j], 0) / n);
                sd[j] = v < Standardizer.DEFAULT_STD_FLOOR ? 1f : (float) v;
            }
            standardise(gram, xty, sd, a);
            for (int f = 0; f < grams.size(); f++) {
                standardise(grams.get(f), cross.get(f), sd, a);
            }
            Standardizer sx = new Standardizer(products.mean(), sd);
            // one penalty per output, each chosen by its own cross-validated R^2 (scikit-learn's RidgeCV with
            // alpha_per_target): an encoder whose features hold an action dimension in a few inputs and another
            // in many (the motion reference: 12 motion values, 1,548 pixels for the gripper) needs a light penalty
            // for the first and a heavy one for the second, and one shared alpha had to shrink one of them
            double[] alpha = new double[a];
            java.util.Arrays.fill(alpha, config.alphas().get(0));
            Map<Double, Double> scores = new LinkedHashMap<>();
            if (folds > 1) {
                double[] best = new double[a];
                java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
                for (double candidate : config.alphas()) {
                    double[] r2 = crossValidatedR2(products, ys, gram, xty, grams, cross, start, sd, candidate);
                    scores.put(candidate, java.util.Arrays.stream(r2).average().orElse(0));
                    for (int j = 0; j < a; j++) {
                        if (r2[j] > best[j]) {
                            best[j] = r2[j];
                            alpha[j] = candidate;
                        }
                    }
                }
            }
            float[] weights = new float[d * a];
            for (double value : java.util.Arrays.stream(alpha).distinct().toArray()) {
                double[] w = Blas.solveSymmetric(regularised(gram, null, value * n), xty, d, a);
                for (int j = 0; j < a; j++) {
                    if (alpha[j] == value) {
                        for (int k = 0; k < d; k++) {
                            weights[k * a + j] = (float) w[k * a + j];
                        }
                    }
                }
            }
            long t3 = System.nanoTime();
            return new Fitted(config.mode(), sx, sy, weights, d, a, alpha, scores,
                    new Phases((t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9));
        }
    }

    private static float[] permuteRows(float[] flat, int width, int[] order) {
        float[] out = new float[flat.length];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(flat, order[i] * width, out, i * width, width);
        }
        return out;
    }

    /**
     * The R^2 of predicting each fold from the others, per output. The folds' solves are independent and
     * single-threaded, so they run side by side (on the common pool); their sums are added in fold order, so the
     * result does not depend on how many run at once.
     */
    private static double[] crossValidatedR2(Gram products, float[] ys, double[] gram, double[] xty,
                                           List<double[]> grams, List<double[]> cross, int[] start, float[] sd,
                                           double alpha) {
        int a = products.a;
        double[][] errors = new double[grams.size()][];
        java.util.stream.IntStream.range(0, grams.size()).parallel().forEach(f -> errors[f] = foldErrors(products, ys,
                gram, xty, grams.get(f), cross.get(f), start[f], start[f + 1], sd, alpha));
        double[] sse = new double[a];
        double[] sst = new double[a];
        for (double[] e : errors) {
            for (int j = 0; j < a; j++) {
                sse[j] += e[j];
                sst[j] += e[a + j];
            }
        }
        double[] r2 = new double[a];
        for (int j = 0; j < a; j++) {
            r2[j] = sst[j] > 0 ? 1 - sse[j] / sst[j] : 0;
        }
        return r2;
    }

    /**
     * Fit on all rows but [from, to) (the totals minus this fold's products), predict the fold: its squared errors
     * and squared deviations from its own mean, per output, as {sse..., sst...}.
     */
    private static double[] foldErrors(Gram products, float[] ys, double[] gram, double[] xty, double[] foldGram,
                                       double[] foldXty, int from, int to, float[] sd, double alpha) {
        int d = products.d;
        int a = products.a;
        int nTrain = products.n - (to - from);
        double[] b = xty.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] -= foldXty[i];
        }
        double[] w = Blas.solveSymmetric(regularised(gram, foldGram, alpha * nTrain), b, d, a);
        // the weights act on standardised inputs; X holds centred ones, so fold 1/sd into the weights
        float[] scaled = new float[d * a];
        for (int k = 0; k < d; k++) {
            for (int j = 0; j < a; j++) {
                scaled[k * a + j] = (float) (w[k * a + j] / sd[k]);
            }
        }
        float[] predicted = products.times(from, to, scaled);
        double[] foldMean = new double[a];
        for (int i = from; i < to; i++) {
            for (int j = 0; j < a; j++) {
                foldMean[j] += ys[i * a + j];
            }
        }
        for (int j = 0; j < a; j++) {
            foldMean[j] /= Math.max(1, to - from);
        }
        double[] out = new double[2 * a];
        for (int i = from; i < to; i++) {
            for (int j = 0; j < a; j++) {
                double y = ys[i * a + j];
                double e = y - predicted[(i - from) * a + j];
                out[j] += e * e;
                out[a + j] += (y - foldMean[j]) * (y - foldMean[j]);
            }
        }
        return out;
    }

    /** The rows of G - minus + lambda I (minus may be null). */
    private static Blas.Rows regularised(double[] gram, double[] minus, double lambda) {
        int d = (int) Math.round(Math.sqrt(gram.length));
        return (i, out) -> {
            System.arraycopy(gram, i * d, out, 0, d);
            if (minus != null) {
                for (int j = 0; j < d; j++) {
                    out[j] -= minus[i * d + j];
                }
            }
            out[i] += lambda;
        };
    }

    private static void standardise(double[] gram, double[] xty, float[] sd, int a) {
        int d = sd.length;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                gram[i * d + j] /= (double) sd[i] * sd[j];
            }
            for (int k = 0; k < a; k++) {
                xty[i * a + k] /= sd[i];
            }
        }
    }

    private static double[] addInPlace(double[] sum, double[] v) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += v[i];
        }
        return sum;
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

    /**
     * Wall time of a fit's parts: writing the centred inputs to native memory, the cross products X'X and X'Y (all
     * folds), and standardising and solving (with the penalty's cross-validation).
     */
    public record Phases(double buildSeconds, double gramSeconds, double solveSeconds) {
        public double totalSeconds() {
            return buildSeconds + gramSeconds + solveSeconds;
        }
    }

    /** The fitted weights; predicting is a small product, done in Java. */
    public record Fitted(PairMode mode, Standardizer sx, Standardizer sy, float[] w, int d, int a, double[] alpha,
                         Map<Double, Double> cvScores, Phases phases) implements FittedProbe {
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
