package dev.worldlens.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Rows;
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
 *   <li>From {@code new SplittableRandom(seed)} two streams are split: the first initialises the layers like
 *       PyTorch's nn.Conv2d and nn.Linear, in order; the second draws the minibatches by epoch shuffles.</li>
 *   <li>The frames that training pairs use go to the engine once, standardised, as [frames, 3, SIDE, SIDE]; each
 *       step gathers its pairs' two frames inside a sub-manager closed at the end of the step ({@link MinibatchFit}).
 *       </li>
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

        /** first, second: [B, 3, S, S] standardised frames; returns [B, A]. Intermediates live on first's manager. */
        NDArray forward(NDArray first, NDArray second) {
            NDArray h = first.concat(second, 1);
            for (Conv2dLayer conv : convs) {
                h = Activation.relu(conv.forward(h));
            }
            h = h.reshape(h.getShape().get(0), -1);
            return out.forward(Activation.relu(hidden.forward(h)));
        }
    }

    @Override
    public Fitted fit(PairSet train, long seed) {
        int n = train.size();
        if (n == 0) {
            throw new IllegalArgumentException("cannot fit a probe on no pairs");
        }
        FrameFeatures frames = train.frames();
        int side = sideOf(frames.width(), config);
        int a = train.actionDim();
        Torch.setThreads(config.threads());
        int[] used = IntStream.concat(Arrays.stream(train.first()), Arrays.stream(train.second())).distinct().sorted()
                .toArray();
        Standardizer pixelStats = channelStats(frames, used);
        Standardizer ys = Standardizer.fit(train.targets(), Standardizer.DEFAULT_STD_FLOOR);
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom initRng = root.split();
        SplittableRandom batchRng = root.split();
        MinibatchFit.Result training = new MinibatchFit(config.steps(), config.batch(), config.lr())
                .withWeightDecay(config.weightDecay()).fit(n, batchRng, (base, params) -> {
                    Net net = Net.define(params, config, side, a, initRng);
                    int[] compact = new int[frames.count()];
                    for (int i = 0; i < used.length; i++) {
                        compact[used[i]] = i;
                    }
                    int frameFloats = frames.width();
                    float[] chw = new float[Math.multiplyExact(used.length, frameFloats)];
                    for (int i = 0; i < used.length; i++) {
                        toChw(frames.pooled(), used[i] * frameFloats, chw, i * frameFloats, side, pixelStats);
                    }
                    NDArray all = base.create(chw, new Shape(used.length, 3, side, side));
                    long[] firstIdx = new long[n];
                    long[] secondIdx = new long[n];
                    for (int i = 0; i < n; i++) {
                        firstIdx[i] = compact[train.first()[i]];
                        secondIdx[i] = compact[train.second()[i]];
                    }
                    NDArray firsts = base.create(firstIdx);
                    NDArray seconds = base.create(secondIdx);
                    NDArray y = base.create(ys.applyFlat(train.targets()), new Shape(n, a));
                    return pairs -> {
                        NDArray f = Rows.gather(all, Rows.gather(firsts, pairs));
                        NDArray g = Rows.gather(all, Rows.gather(seconds, pairs));
                        return net.forward(f, g).sub(Rows.gather(y, pairs)).square().mean();
                    };
                });
        return new Fitted(config, side, a, pixelStats, ys, training);
    }

    /** The side of the square RGB frame whose flattened pixels are {@code width} wide, or an error naming why not. */
    static int sideOf(int width, CnnProbeConfig config) {
        int side = (int) Math.round(Math.sqrt(width / 3.0));
        if (width <= 0 || side * side * 3 != width) {
            throw new IllegalArgumentException("the cnn probe reads square RGB frames: the feature width must be "
                    + "SIDE * SIDE * 3 (encode with raw:SIDE at the image side), got " + width);
        }
        if (config.outputSide(side) < 1) {
            throw new IllegalArgumentException("the cnn probe's " + config.channels().length + " convolutions (kernel "
                    + config.kernel() + ", stride " + config.stride() + ") leave nothing of " + side + "x" + side
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

    /** One frame from (y, x, channel) at {@code from} to standardised (channel, y, x) at {@code to}. */
    private static void toChw(float[] hwc, int from, float[] out, int to, int side, Standardizer stats) {
        int plane = side * side;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                out[to + c * plane + p] = (hwc[from + p * 3 + c] - stats.mean()[c]) / stats.std()[c];
            }
        }
    }

    /** A fitted CNN probe: weights held as bytes in Java, loaded onto a scoped manager for each prediction. */
    public record Fitted(CnnProbeConfig config, int side, int actionDim, Standardizer pixelStats,
                         Standardizer targetStats, MinibatchFit.Result training) implements FittedNetworkProbe {
        private static final int PREDICT_BATCH = 256;

        @Override
        public float[][] predict(PairSet pairs) {
            FrameFeatures frames = pairs.frames();
            int n = pairs.size();
            float[][] out = new float[n][];
            if (n == 0) {
                return out;
            }
            if (frames.width() != side * side * 3) {
                throw new IllegalArgumentException("the cnn probe was fitted on " + side + "x" + side + " RGB frames ("
                        + side * side * 3 + " values), these pairs have features of width " + frames.width());
            }
            Torch.setThreads(config.threads());
            int frameFloats = frames.width();
            try (NDManager base = Torch.newManager(); Parameters params = new Parameters(base)) {
                Net net = Net.define(params, config, side, actionDim, new SplittableRandom(0));
                training.loadInto(params, "fitted cnn probe");
                for (int from = 0; from < n; from += PREDICT_BATCH) {
                    int to = Math.min(n, from + PREDICT_BATCH);
                    int b = to - from;
                    float[] first = new float[b * frameFloats];
                    float[] second = new float[b * frameFloats];
                    for (int i = 0; i < b; i++) {
                        toChw(frames.pooled(), pairs.first()[from + i] * frameFloats, first, i * frameFloats, side,
                                pixelStats);
                        toChw(frames.pooled(), pairs.second()[from + i] * frameFloats, second, i * frameFloats, side,
                                pixelStats);
                    }
                    try (NDManager scope = base.newSubManager()) {
                        Shape shape = new Shape(b, 3, side, side);
                        NDArray y = net.forward(scope.create(first, shape), scope.create(second, shape));
                        float[][] rows = targetStats.invertFlat(y.toFloatArray());
                        System.arraycopy(rows, 0, out, from, b);
                    }
                }
            }
            return out;
        }
    }
}
