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
 */
public final class InverseDynamicsLoss implements AuxiliaryLoss {
    public static final int HIDDEN = 256;

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
        NDArray input = singleFrame ? f.before() : f.before().concat(f.after(), 1);
        NDArray hidden = Activation.relu(fc1.forward(input));
        NDArray predicted = fc2.forward(hidden);
        NDArray error = predicted.sub(f.actions());
        return l1 ? error.abs().mean() : error.square().mean();
    }
}
