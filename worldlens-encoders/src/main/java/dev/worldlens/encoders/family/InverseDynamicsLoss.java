package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import dev.worldlens.nn.Linear;

import java.util.SplittableRandom;

/**
 * The study's +ID objective (probing-study §5.2): a head g(f(o_t), f(o_t+k)) -> a_t on the encoder's pooled
 * features, trained with an L1 loss (the paper's best; L2 is its ablation) on standardised actions, so the encoder
 * is pushed to keep what distinguishes the two frames' action. The head is a 2-layer MLP (hidden 256, ReLU) that is
 * dropped after training. With {@code singleFrame} it reads f(o_t) alone: the "single-frame action prediction"
 * ablation, which can only learn what a frame reveals about the policy.
 *
 * <p>The head reads the pair the way the probe does by default (PairMode CONCAT_DELTA): [f(o_t), f(o_t+k) - f(o_t)],
 * each standardised per feature over the batch with the statistics held constant. Fed the literal [f(o_t), f(o_t+k)],
 * the change is a small difference between two large inputs, and the head learns the expert's policy from where
 * things are, which predicts a_t on the training tasks without pushing the encoder to represent motion: on Tabletop,
 * 100-300 steps of that +ID lowered the probe's held-out R² (BENCHMARKS.md). Standardising with constant statistics
 * makes the loss blind to the scale of the features, so the encoder cannot lower it by inflating them.
 */
public final class InverseDynamicsLoss implements AuxiliaryLoss {
    public static final int HIDDEN = 256;
    private static final float STD_EPS = 1e-8f;

    private final Linear fc1;
    private final Linear fc2;
    private final boolean l1;
    private final boolean singleFrame;
    private final int k;

    public InverseDynamicsLoss(FamilyModel model, int actionDim, int k, boolean l1, boolean singleFrame, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("the inverse-dynamics gap k must be at least 1, got " + k);
        }
        SplittableRandom rng = new SplittableRandom(seed ^ 0x1DL);
        int in = singleFrame ? model.featureWidth() : 2 * model.featureWidth();
        this.fc1 = Linear.create(model.trained(), "aux.id.fc1", in, HIDDEN, rng);
        this.fc2 = Linear.create(model.trained(), "aux.id.fc2", HIDDEN, actionDim, rng);
        this.l1 = l1;
        this.singleFrame = singleFrame;
        this.k = k;
    }

    @Override
    public String name() {
        return singleFrame ? "single-frame" : l1 ? "id-l1" : "id-l2";
    }

    @Override
    public NDArray loss(FamilyModel model, PretrainData data, int batchSize, SplittableRandom rng, NDManager scope) {
        TransitionFeatures f = TransitionFeatures.of(model, data, batchSize, k, rng, scope);
        NDArray before = standardised(f.before());
        NDArray input = singleFrame ? before : before.concat(standardised(f.after().sub(f.before())), 1);
        NDArray hidden = Activation.relu(fc1.forward(input));
        NDArray predicted = fc2.forward(hidden);
        NDArray error = predicted.sub(f.actions());
        return l1 ? error.abs().mean() : error.square().mean();
    }

    /** (x - mean) / std per feature over the batch [B, D], mean and std without gradient. */
    static NDArray standardised(NDArray x) {
        NDArray mean = x.mean(new int[]{0}, true).stopGradient();
        NDArray centred = x.sub(mean);
        NDArray std = centred.square().mean(new int[]{0}, true).add(STD_EPS).sqrt().stopGradient();
        return centred.div(std);
    }
}
