package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import dev.worldlens.nn.Linear;

import java.util.SplittableRandom;

/**
 * The forward-dynamics ablation of +ID (probing-study §5.2): predict f(o_t+k) from f(o_t) and a_t with a 2-layer MLP,
 * mean squared error against the stop-gradient, layer-normalised target (as JEPA targets are normalised, so the
 * loss cannot be lowered by shrinking the features).
 */
public final class ForwardDynamicsLoss implements AuxiliaryLoss {
    private final Linear fc1;
    private final Linear fc2;
    private final int k;

    public ForwardDynamicsLoss(FamilyModel model, int actionDim, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0xFDL);
        int d = model.featureWidth();
        this.fc1 = Linear.create(model.trained(), "aux.fwd.fc1", d + actionDim, InverseDynamicsLoss.HIDDEN, rng);
        this.fc2 = Linear.create(model.trained(), "aux.fwd.fc2", InverseDynamicsLoss.HIDDEN, d, rng);
        this.k = k;
    }

    @Override
    public String name() {
        return "forward";
    }

    @Override
    public NDArray loss(FamilyModel model, PretrainData data, int batchSize, SplittableRandom rng, NDManager scope) {
        TransitionFeatures f = TransitionFeatures.of(model, data, batchSize, k, rng, scope);
        NDArray hidden = Activation.relu(fc1.forward(f.before().concat(f.actions(), 1)));
        NDArray predicted = fc2.forward(hidden);
        NDArray target = f.after().stopGradient();
        NDArray centred = target.sub(target.mean(new int[]{1}, true));
        target = centred.div(centred.square().mean(new int[]{1}, true).add(1e-6f).sqrt());
        return predicted.sub(target).square().mean();
    }
}
