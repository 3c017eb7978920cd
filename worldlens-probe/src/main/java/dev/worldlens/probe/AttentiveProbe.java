package dev.worldlens.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Rows;
import dev.worldlens.nn.Scalars;
import dev.worldlens.nn.Standardizer;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.MinibatchFit;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An attentive inverse-dynamics probe on token features (cf. the V-JEPA attentive pooler, study section 9): the N
 * tokens of frame t and the N tokens of frame t+k (2N in all) get a learned frame embedding added (one D-vector for
 * frame t, one for frame t+k), are projected linearly to keys and values of width W, and one learned query per head
 * cross-attends over them (scaled dot product, softmax over the 2N tokens); the heads' pooled values (W in all) go
 * through a linear head to the A action outputs. No LayerNorm.
 *
 * <ul>
 *   <li>Tokens are standardised per channel with the mean and std over all tokens of the frames in training pairs;
 *       targets per column with the training pairs' statistics (std floor 1e-6); predictions are unstandardised.</li>
 *   <li>From {@code new SplittableRandom(seed)} two streams are split: the first initialises the parameters (query
 *       and frame embeddings normal with std 0.02; linear layers like PyTorch's nn.Linear), the second draws the
 *       minibatches by epoch shuffles.</li>
 *   <li>All standardised frames' tokens and the minibatch schedule go to the engine once; each step gathers its
 *       batch with index arrays inside a sub-manager closed at the end of the step ({@link MinibatchFit}).</li>
 * </ul>
 */
public record AttentiveProbe(AttentiveProbeConfig config) implements Probe {
    public AttentiveProbe() {
        this(AttentiveProbeConfig.defaults());
    }

    @Override
    public String name() {
        return "attentive";
    }

    /** The parameters of the model and its forward pass. */
    private record Net(NDArray frame0, NDArray frame1, Linear key, Linear value, NDArray query, Linear head,
                       int heads) {
        static Net define(Parameters p, int d, int width, int heads, int actions, SplittableRandom rng) {
            NDArray f0 = p.normal("frame0", 0.02, rng, d);
            NDArray f1 = p.normal("frame1", 0.02, rng, d);
            Linear key = Linear.create(p, "key", d, width, rng);
            Linear value = Linear.create(p, "value", d, width, rng);
            NDArray query = p.normal("query", 0.02, rng, heads, width / heads);
            Linear head = Linear.create(p, "head", width, actions, rng);
            return new Net(f0, f1, key, value, query, head, heads);
        }

        /** first, second: [B, N, D] standardised tokens; returns [B, A]. Intermediates live on first's manager. */
        NDArray forward(NDArray first, NDArray second) {
            long b = first.getShape().get(0);
            NDArray x = first.add(frame0).concat(second.add(frame1), 1); // [B, 2N, D]
            long tokens = x.getShape().get(1);
            long width = key.out();
            long dh = width / heads;
            NDArray k = key.forward(x).reshape(b, tokens, heads, dh);
            NDArray v = value.forward(x).reshape(b, tokens, heads, dh);
            NDArray scores = Scalars.mul(k.mul(query).sum(new int[]{3}), 1.0 / Math.sqrt(dh)); // [B, 2N, H]
            NDArray attention = scores.softmax(1).expandDims(3); // [B, 2N, H, 1]
            NDArray pooled = v.mul(attention).sum(new int[]{1}).reshape(b, width); // [B, W]
            return head.forward(pooled);
        }
    }

    @Override
    public Fitted fit(PairSet train, long seed) {
        FrameFeatures frames = train.frames();
        requireTokens(frames);
        int n = train.size();
        if (n == 0) {
            throw new IllegalArgumentException("cannot fit a probe on no pairs");
        }
        int d = frames.width();
        int tpf = frames.tokensPerFrame();
        int a = train.actionDim();
        Torch.setThreads(config.threads());
        Standardizer tokenStats = Standardizer.fitRows(frames.tokens(), d, tokenRows(train), Standardizer.DEFAULT_STD_FLOOR);
        Standardizer ys = Standardizer.fit(train.targets(), Standardizer.DEFAULT_STD_FLOOR);
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom initRng = root.split();
        SplittableRandom batchRng = root.split();
        MinibatchFit.Result training = new MinibatchFit(config.steps(), config.batch(), config.lr())
                .fit(n, batchRng, (base, params) -> {
                    Net net = Net.define(params, d, config.width(), config.heads(), a, initRng);
                    // only the frames that training pairs use go to the engine, renumbered densely
                    int[] used = usedFrames(train);
                    int[] compact = new int[frames.count()];
                    Arrays.fill(compact, -1);
                    for (int i = 0; i < used.length; i++) {
                        compact[used[i]] = i;
                    }
                    float[] tokens = new float[Math.multiplyExact(used.length, tpf * d)];
                    int frameFloats = tpf * d;
                    for (int i = 0; i < used.length; i++) {
                        System.arraycopy(frames.tokens(), used[i] * frameFloats, tokens, i * frameFloats,
                                frameFloats);
                    }
                    tokenStats.applyInPlace(tokens, 0, tokens.length);
                    NDArray all = base.create(tokens, new Shape(used.length, tpf, d));
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
        return new Fitted(config, d, tpf, a, tokenStats, ys, training);
    }

    private static void requireTokens(FrameFeatures frames) {
        if (!frames.hasTokens()) {
            throw new IllegalArgumentException("the attentive probe needs token features, but these frames hold "
                    + "only pooled vectors (FrameFeatures.hasTokens() is false): keep tokens when encoding");
        }
    }

    private static int[] usedFrames(PairSet pairs) {
        return java.util.stream.IntStream.concat(Arrays.stream(pairs.first()), Arrays.stream(pairs.second()))
                .distinct().sorted().toArray();
    }

    /** Row numbers (in tokens of width D) of every token of every frame the pairs use. */
    private static int[] tokenRows(PairSet pairs) {
        int tpf = pairs.frames().tokensPerFrame();
        int[] used = usedFrames(pairs);
        int[] rows = new int[Math.multiplyExact(used.length, tpf)];
        for (int i = 0; i < used.length; i++) {
            for (int t = 0; t < tpf; t++) {
                rows[i * tpf + t] = used[i] * tpf + t;
            }
        }
        return rows;
    }

    /** A fitted attentive probe: weights held as bytes in Java, loaded onto a scoped manager for each prediction. */
    public record Fitted(AttentiveProbeConfig config, int width, int tokensPerFrame, int actionDim,
                         Standardizer tokenStats, Standardizer targetStats, MinibatchFit.Result training)
            implements FittedNetworkProbe {
        private static final int PREDICT_BATCH = 512;

        @Override
        public float[][] predict(PairSet pairs) {
            FrameFeatures frames = pairs.frames();
            requireTokens(frames);
            if (frames.width() != width || frames.tokensPerFrame() != tokensPerFrame) {
                throw new IllegalArgumentException("the probe was fitted on " + tokensPerFrame + " tokens of width "
                        + width + " per frame, these frames have " + frames.tokensPerFrame() + " of width "
                        + frames.width());
            }
            int n = pairs.size();
            float[][] out = new float[n][];
            if (n == 0) {
                return out;
            }
            Torch.setThreads(config.threads());
            int frameFloats = tokensPerFrame * width;
            try (NDManager base = Torch.newManager(); Parameters params = new Parameters(base)) {
                Net net = Net.define(params, width, config.width(), config.heads(), actionDim, new SplittableRandom(0));
                training.loadInto(params, "fitted attentive probe");
                for (int from = 0; from < n; from += PREDICT_BATCH) {
                    int to = Math.min(n, from + PREDICT_BATCH);
                    int b = to - from;
                    float[] first = new float[b * frameFloats];
                    float[] second = new float[b * frameFloats];
                    for (int i = 0; i < b; i++) {
                        System.arraycopy(frames.tokens(), pairs.first()[from + i] * frameFloats, first,
                                i * frameFloats, frameFloats);
                        System.arraycopy(frames.tokens(), pairs.second()[from + i] * frameFloats, second,
                                i * frameFloats, frameFloats);
                    }
                    tokenStats.applyInPlace(first, 0, first.length);
                    tokenStats.applyInPlace(second, 0, second.length);
                    try (NDManager scope = base.newSubManager()) {
                        Shape shape = new Shape(b, tokensPerFrame, width);
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
