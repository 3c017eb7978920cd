package dev.worldlens.policy.reference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.worldlens.core.Progress;
import dev.worldlens.nn.Adam;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Standardizer;
import dev.worldlens.nn.Torch;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.Policy;
import dev.worldlens.policy.language.WordEmbeddingInstructions;
import dev.worldlens.policy.train.ChunkSamples;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The plain regression a learned head on the state should beat: an MLP from (the standardised state, the bag of the
 * instruction's words) to the whole chunk, 256-256 ReLU, Adam on the mean squared error over minibatches drawn task
 * by task. Deterministic for a seed. A reference for what a small learner reads from the demonstrations and the
 * state, beside the training-free {@link NearestNeighbourPolicy} and the diffusion head.
 */
public final class MlpChunkPolicy implements Policy {
    private static final int HIDDEN = 256;
    /** The reference's budget: 3,000 steps of 256 at lr 1e-3 (about 8 passes over the quick preset's samples). */
    public static final int DEFAULT_STEPS = 3000;
    public static final int DEFAULT_BATCH = 256;
    public static final double DEFAULT_LR = 1e-3;

    private final NDManager manager;
    private final Linear l1;
    private final Linear l2;
    private final Linear l3;
    private final Standardizer state;
    private final StateFeatures features;
    private final java.util.Map<String, String> seenTasks;
    private final List<String> vocabulary;
    private final int horizon;
    private final int actionDim;
    private final double lastLoss;

    private MlpChunkPolicy(NDManager manager, Linear l1, Linear l2, Linear l3, Standardizer state,
                           StateFeatures features, java.util.Map<String, String> seenTasks,
                           List<String> vocabulary, int horizon, int actionDim, double lastLoss) {
        this.manager = manager;
        this.l1 = l1;
        this.l2 = l2;
        this.l3 = l3;
        this.state = state;
        this.vocabulary = vocabulary;
        this.horizon = horizon;
        this.actionDim = actionDim;
        this.lastLoss = lastLoss;
        this.features = features;
        this.seenTasks = seenTasks;
    }

    /**
     * Fits on every sample of {@code samples} for {@code steps} Adam steps of {@code batch} at {@code lr}; the words
     * of {@code vocabulary} are the instruction inputs (others are ignored).
     */
    public static MlpChunkPolicy fit(ChunkSamples samples, List<String> vocabulary, int steps, int batch, double lr,
                                     long seed, Progress progress) {
        return fit(samples, vocabulary, StateFeatures.STATE, steps, batch, lr, seed, progress);
    }

    /** As above, over {@code features} of the state (e.g. the tabletop's task frame) instead of the state itself. */
    public static MlpChunkPolicy fit(ChunkSamples samples, List<String> vocabulary,
                                     StateFeatures features, int steps, int batch, double lr,
                                     long seed, Progress progress) {
        if (steps < 1 || batch < 1 || !(lr > 0)) {
            throw new IllegalArgumentException("MLP chunk policy: steps, batch and lr must be positive, got " + steps
                    + ", " + batch + ", " + lr);
        }
        int n = samples.size();
        float[][] states = new float[n][];
        for (int i = 0; i < n; i++) {
            states[i] = features.of(samples.state(i), samples.taskId(i));
        }
        Standardizer z = Standardizer.fit(states, 1e-3);
        int out = samples.horizon() * samples.actionDim();
        int in = states[0].length + vocabulary.size();
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = input(states[i], samples.instruction(i), z, vocabulary);
        }
        int[][] byTask = samples.indicesByTask();
        NDManager manager = Torch.newManager();
        Parameters p = new Parameters(manager);
        SplittableRandom init = new SplittableRandom(seed);
        Linear l1 = Linear.create(p, "l1", in, HIDDEN, init);
        Linear l2 = Linear.create(p, "l2", HIDDEN, HIDDEN, init);
        Linear l3 = Linear.create(p, "l3", HIDDEN, out, init);
        Adam adam = Adam.withDefaults(p, lr);
        double loss = Double.NaN;
        SplittableRandom draw = new SplittableRandom(seed + 1);
        float[] xs = new float[batch * in];
        float[] ys = new float[batch * out];
        try (Progress.Bar bar = progress.start("mlp chunk policy", steps, 0)) {
            for (int step = 0; step < steps; step++) {
                for (int b = 0; b < batch; b++) {
                    int[] task = byTask[draw.nextInt(byTask.length)];
                    int i = task[draw.nextInt(task.length)];
                    System.arraycopy(rows[i], 0, xs, b * in, in);
                    System.arraycopy(samples.chunk(i), 0, ys, b * out, out);
                }
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(xs, new Shape(batch, in));
                    NDArray y = scope.create(ys, new Shape(batch, out));
                    try (GradientCollector gc = Torch.newGradientCollector()) {
                        NDArray l = forward(l1, l2, l3, x).sub(y).square().mean();
                        gc.backward(l);
                        loss = l.getFloat();
                    }
                    adam.step();
                }
                bar.step(1);
                if ((step + 1) % 100 == 0) {
                    bar.message(String.format(Locale.ROOT, "loss %.4f", loss));
                }
            }
        }
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            seen.put(samples.instruction(i), samples.taskId(i));
        }
        return new MlpChunkPolicy(manager, l1, l2, l3, z, features, seen, List.copyOf(vocabulary), samples.horizon(),
                samples.actionDim(), loss);
    }

    /** The last minibatch's mean squared error. */
    public double lastLoss() {
        return lastLoss;
    }

    @Override
    public float[][] act(Observation observation) {
        String task = features.taskOf(observation.instruction(), seenTasks.get(observation.instruction()));
        if (task == null && features.needsTask()) {
            throw new IllegalArgumentException("MLP chunk policy: no task is known for the instruction '"
                    + observation.instruction() + "', and its features need one");
        }
        float[] row = input(features.of(observation.state(), task), observation.instruction(), state, vocabulary);
        float[] chunk;
        try (NDManager scope = manager.newSubManager()) {
            chunk = forward(l1, l2, l3, scope.create(row, new Shape(1, row.length))).toFloatArray();
        }
        float[][] out = new float[horizon][actionDim];
        for (int h = 0; h < horizon; h++) {
            for (int d = 0; d < actionDim; d++) {
                out[h][d] = Math.max(-1f, Math.min(1f, chunk[h * actionDim + d]));
            }
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }

    private static NDArray forward(Linear l1, Linear l2, Linear l3, NDArray x) {
        return l3.forward(Activation.relu(l2.forward(Activation.relu(l1.forward(x)))));
    }

    private static float[] input(float[] s, String instruction, Standardizer z, List<String> vocabulary) {
        if (s.length != z.mean().length) {
            throw new IllegalArgumentException("MLP chunk policy: the state has " + s.length + " values, the "
                    + "training states " + z.mean().length);
        }
        float[] r = new float[s.length + vocabulary.size()];
        for (int k = 0; k < s.length; k++) {
            r[k] = (s[k] - z.mean()[k]) / z.std()[k];
        }
        for (String w : WordEmbeddingInstructions.words(instruction)) {
            int k = vocabulary.indexOf(w);
            if (k >= 0) {
                r[s.length + k] = 1;
            }
        }
        return r;
    }
}
