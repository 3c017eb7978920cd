package dev.worldlens.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Standardizer;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.conv.Conv2dLayer;
import dev.worldlens.nn.train.MinibatchFit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The supervised pixel inverse-dynamics reference, the learned ceiling: a small CNN trained end to end on the two
 * frames of each training pair, stacked as 6 channels (frame t, then frame t+k), to regress the action. Strided
 * convolutions with ReLU and no pooling (so where things are, and how far they moved, survives to the end), then the
 * maps flattened through a ReLU layer to the A outputs. Trained with MSE by Adam(W) ({@link CnnProbeConfig}).
 *
 * <p>It reads pixels from a feature store like any probe: encode with {@code raw:SIDE} at the image's own side, whose
 * one token is the frame flattened (y, x, channel) in [0, 1]; the probe takes the pooled width D = SIDE * SIDE * 3 as
 * a square RGB frame and reshapes it to [3, SIDE, SIDE].
 *
 * <ul>
 *   <li>Pixels are standardised per colour channel with the mean and std over all pixels of the frames in training
 *       pairs (per-pixel statistics would break the convolution's sharing across positions); targets per column
 *       with the training pairs' statistics (std floor 1e-6), as the MLP probe; predictions are unstandardised.</li>
 *   <li>From {@code new SplittableRandom(seed)} streams are split: the first initialises the layers like
 *       PyTorch's nn.Conv2d and nn.Linear, in order; the second draws the minibatches by epoch shuffles.</li>
 *   <li>The frames that training pairs use are prepared once in Java ({@link CnnInput}: pooled, standardised,
 *       [3, side, side]); each step copies its pairs' two frames, shifted together when augmenting
 *       ({@link PairShift}), and sends the batch to the engine inside a sub-manager closed at the end of the step
 *       ({@link MinibatchFit}).</li>
 *   <li>With early stopping ({@link CnnProbeConfig#earlyStopping}) whole training episodes are held back, drawn
 *       from a third stream, and the kept weights are those of the lowest validation MSE (unshifted frames); a
 *       fourth stream draws the shifts. The pixel and target statistics are those of the training pairs that
 *       train.</li>
 * </ul>
 */
public record CnnProbe(CnnProbeConfig config) implements Probe {
    public CnnProbe() {
        this(CnnProbeConfig.defaults());
    }

    @Override
    public String name() {
        return "cnn";
    }

    private static final int PREDICT_BATCH = 256;

    /** The layers and the forward pass. */
    private record Net(List<Conv2dLayer> convs, Linear hidden, Linear out) {
        static Net define(Parameters p, CnnProbeConfig c, int side, int actions, SplittableRandom rng) {
            List<Conv2dLayer> convs = new ArrayList<>();
            int in = 6;
            int[] channels = c.channels();
            for (int i = 0; i < channels.length; i++) {
                convs.add(Conv2dLayer.create(p, "conv" + i, in, channels[i], c.kernel(), c.stride(), c.padding(), 1,
                        rng));
                in = channels[i];
            }
            int end = c.outputSide(side);
            Linear hidden = Linear.create(p, "fc", in * end * end, c.hidden(), rng);
            Linear out = Linear.create(p, "out", c.hidden(), actions, rng);
            return new Net(convs, hidden, out);
        }

        /**
         * first, second: [B, 3, S, S] prepared frames; returns [B, A]. Intermediates live on first's manager. With
         * {@code difference} the second three channels are second - first.
         */
        NDArray forward(NDArray first, NDArray second, boolean difference) {
            NDArray h = first.concat(difference ? second.sub(first) : second, 1);
            for (Conv2dLayer conv : convs) {
                h = Activation.relu(conv.forward(h));
            }
            h = h.reshape(h.getShape().get(0), -1);
            return out.forward(Activation.relu(hidden.forward(h)));
        }

        /** Predictions [n, A] (standardised units) for pairs of prepared frames, in batches on {@code scope}. */
        float[] predict(NDManager scope, float[] frames, int[] first, int[] second, int floats, int side,
                        boolean difference) {
            int n = first.length;
            float[] out = null;
            int a = 0;
            for (int from = 0; from < n; from += PREDICT_BATCH) {
                int b = Math.min(n, from + PREDICT_BATCH) - from;
                float[] f = new float[b * floats];
                float[] g = new float[b * floats];
                int[] fi = Arrays.copyOfRange(first, from, from + b);
                int[] gi = Arrays.copyOfRange(second, from, from + b);
                new PairShift(0).apply(frames, fi, gi, 3, side, null, f, g);
                try (NDManager batch = scope.newSubManager()) {
                    Shape shape = new Shape(b, 3, side, side);
                    float[] y = forward(batch.create(f, shape), batch.create(g, shape), difference).toFloatArray();
                    if (out == null) {
                        a = y.length / b;
                        out = new float[n * a];
                    }
                    System.arraycopy(y, 0, out, from * a, y.length);
                }
            }
            return out == null ? new float[0] : out;
        }
    }

    @Override
    public Fitted fit(PairSet all, long seed) {
        if (all.size() == 0) {
            throw new IllegalArgumentException("cannot fit a probe on no pairs");
        }
        FrameFeatures frames = all.frames();
        int frameSide = sideOf(frames.width(), config);
        int a = all.actionDim();
        Torch.setThreads(config.threads());
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom initRng = root.split();
        SplittableRandom batchRng = root.split();
        // split after the first two, so a seed's initialisation and batches are the same with and without them
        SplittableRandom validationRng = root.split();
        SplittableRandom shiftRng = root.split();
        SplittableRandom reverseRng = root.split();
        TimeReversal reversal = new TimeReversal(config.reversible(), a);
        EarlyStopping stop = config.earlyStopping();
        boolean[] held = stop.enabled() ? stop.validationRows(all.episodeOf(), validationRng) : new boolean[all.size()];
        PairSet train = all.subset(positions(held, false));
        PairSet val = all.subset(positions(held, true));
        int n = train.size();
        int[] used = IntStream.concat(Arrays.stream(train.first()), Arrays.stream(train.second())).distinct().sorted()
                .toArray();
        CnnInput input = new CnnInput(frameSide, config.pool(), channelStats(frames, used));
        int side = input.side();
        Standardizer ys = Standardizer.fit(train.targets(), Standardizer.DEFAULT_STD_FLOOR);
        // every frame a training or validation pair uses, prepared once; pairs index them compactly
        int[] needed = IntStream.concat(IntStream.concat(Arrays.stream(train.first()), Arrays.stream(train.second())),
                IntStream.concat(Arrays.stream(val.first()), Arrays.stream(val.second()))).distinct().sorted()
                .toArray();
        int[] compact = new int[frames.count()];
        int floats = input.floats();
        float[] chw = new float[Math.multiplyExact(needed.length, floats)];
        for (int i = 0; i < needed.length; i++) {
            compact[needed[i]] = i;
            input.write(frames.pooled(), needed[i], chw, i * floats);
        }
        int[] firsts = Arrays.stream(train.first()).map(f -> compact[f]).toArray();
        int[] seconds = Arrays.stream(train.second()).map(f -> compact[f]).toArray();
        PairShift shift = new PairShift(config.shift());
        boolean difference = config.difference();
        MinibatchFit fit = new MinibatchFit(config.steps(), config.batch(), config.lr())
                .withWeightDecay(config.weightDecay());
        MinibatchFit.ValidatedSetup setup = (base, params) -> {
            Net net = Net.define(params, config, side, a, initRng);
            MinibatchFit.BatchLoss loss = pairs -> {
                long[] rows = pairs.toLongArray();
                int b = rows.length;
                int[] fi = new int[b];
                int[] gi = new int[b];
                float[] target = new float[b * a];
                float[] weight = new float[b * a];
                for (int i = 0; i < b; i++) {
                    int r = (int) rows[i];
                    boolean back = reversal.draw(reverseRng);
                    fi[i] = back ? seconds[r] : firsts[r];
                    gi[i] = back ? firsts[r] : seconds[r];
                    reversal.target(train.targets()[r], back, ys, target, weight, i * a);
                }
                float[] f = new float[b * floats];
                float[] g = new float[b * floats];
                shift.apply(chw, fi, gi, 3, side, shiftRng, f, g);
                NDManager m = pairs.getManager();
                Shape shape = new Shape(b, 3, side, side);
                NDArray w = m.create(weight, new Shape(b, a));
                return net.forward(m.create(f, shape), m.create(g, shape), difference)
                        .sub(m.create(target, new Shape(b, a))).square().mul(w).sum().div(w.sum());
            };
            if (!stop.enabled()) {
                return new MinibatchFit.Objectives(loss, null);
            }
            int[] vf = Arrays.stream(val.first()).map(f -> compact[f]).toArray();
            int[] vg = Arrays.stream(val.second()).map(f -> compact[f]).toArray();
            float[] vy = ys.applyFlat(val.targets());
            return new MinibatchFit.Objectives(loss, scope -> {
                float[] p = net.predict(scope, chw, vf, vg, floats, side, difference);
                double se = 0;
                for (int i = 0; i < p.length; i++) {
                    se += (p[i] - vy[i]) * (double) (p[i] - vy[i]);
                }
                return se / p.length;
            });
        };
        MinibatchFit.Result training = stop.enabled()
                ? fit.fit(n, batchRng, setup, stop.every(), stop.patience())
                : fit.fit(n, batchRng, (base, params) -> setup.define(base, params).batch());
        return new Fitted(config, frameSide, a, input, ys, training);
    }

    private static int[] positions(boolean[] held, boolean wanted) {
        return IntStream.range(0, held.length).filter(i -> held[i] == wanted).toArray();
    }

    /** The side of the square RGB frame whose flattened pixels are {@code width} wide, or an error naming why not. */
    static int sideOf(int width, CnnProbeConfig config) {
        int side = (int) Math.round(Math.sqrt(width / 3.0));
        if (width <= 0 || side * side * 3 != width) {
            throw new IllegalArgumentException("the cnn probe reads square RGB frames: the feature width must be "
                    + "SIDE * SIDE * 3 (encode with raw:SIDE at the image side), got " + width);
        }
        if (side % config.pool() != 0) {
            throw new IllegalArgumentException("the cnn probe's pool " + config.pool() + " must divide the frame side "
                    + side);
        }
        int net = side / config.pool();
        if (config.outputSide(net) < 1) {
            throw new IllegalArgumentException("the cnn probe's " + config.channels().length + " convolutions (kernel "
                    + config.kernel() + ", stride " + config.stride() + ") leave nothing of " + net + "x" + net
                    + " frames; use fewer channels entries or larger frames");
        }
        return side;
    }

    /** Mean and population std per colour channel over every pixel of the given frames (flattened y, x, channel). */
    private static Standardizer channelStats(FrameFeatures frames, int[] used) {
        int d = frames.width();
        float[] z = frames.pooled();
        double[] sum = new double[3];
        double[] sq = new double[3];
        long count = (long) used.length * (d / 3);
        for (int f : used) {
            for (int j = 0; j < d; j++) {
                sum[j % 3] += z[f * d + j];
            }
        }
        float[] mean = new float[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = (float) (sum[c] / count);
        }
        for (int f : used) {
            for (int j = 0; j < d; j++) {
                double e = z[f * d + j] - mean[j % 3];
                sq[j % 3] += e * e;
            }
        }
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            double s = Math.sqrt(sq[c] / count);
            std[c] = s < Standardizer.DEFAULT_STD_FLOOR ? 1f : (float) s;
        }
        return new Standardizer(mean, std);
    }

    /** A fitted CNN probe: weights held as bytes in Java, loaded onto a scoped manager for each prediction. */
    public record Fitted(CnnProbeConfig config, int side, int actionDim, CnnInput input, Standardizer targetStats,
                         MinibatchFit.Result training) implements FittedNetworkProbe {
        @Override
        public float[][] predict(PairSet pairs) {
            FrameFeatures frames = pairs.frames();
            int n = pairs.size();
            if (n == 0) {
                return new float[0][];
            }
            if (frames.width() != side * side * 3) {
                throw new IllegalArgumentException("the cnn probe was fitted on " + side + "x" + side + " RGB frames ("
                        + side * side * 3 + " values), these pairs have features of width " + frames.width());
            }
            Torch.setThreads(config.threads());
            int floats = input.floats();
            // the first and second frame of each pair, prepared side by side: pair i's at 2i and 2i + 1
            float[] chw = new float[Math.multiplyExact(2 * n, floats)];
            int[] first = new int[n];
            int[] second = new int[n];
            for (int i = 0; i < n; i++) {
                input.write(frames.pooled(), pairs.first()[i], chw, 2 * i * floats);
                input.write(frames.pooled(), pairs.second()[i], chw, (2 * i + 1) * floats);
                first[i] = 2 * i;
                second[i] = 2 * i + 1;
            }
            try (NDManager base = Torch.newManager(); Parameters params = new Parameters(base)) {
                Net net = Net.define(params, config, input.side(), actionDim, new SplittableRandom(0));
                training.loadInto(params, "fitted cnn probe");
                return targetStats.invertFlat(net.predict(base, chw, first, second, floats, input.side(),
                        config.difference()));
            }
        }
    }
}
