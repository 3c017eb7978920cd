package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Scalars;

import java.util.SplittableRandom;

/**
 * The temporal-contrastive ablation of +ID (probing-study §5.2; time-contrastive learning as in TCN/R3M): InfoNCE
 * that makes the projection of f(o_t) pick out the projection of f(o_t+k) among the batch's other transitions,
 * cosine similarity with temperature 0.1, symmetric.
 */
public final class TemporalContrastiveLoss implements AuxiliaryLoss {
    public static final double TEMPERATURE = 0.1;
    private static final int PROJECTION = 128;

    private final Linear projection;
    private final int k;

    public TemporalContrastiveLoss(FamilyModel model, int k, long seed) {
        this.projection = Linear.create(model.trained(), "aux.tcl.proj", model.featureWidth(), PROJECTION,
                new SplittableRandom(seed ^ 0x7CL));
        this.k = k;
    }

    @Override
    public String name() {
        return "contrastive";
    }

    @Override
    public NDArray loss(FamilyModel model, PretrainData data, int batchSize, SplittableRandom rng, NDManager scope) {
        TransitionFeatures f = TransitionFeatures.of(model, data, batchSize, k, rng, scope);
        NDArray a = unit(projection.forward(f.before()));
        NDArray b = unit(projection.forward(f.after()));
        NDArray logits = Scalars.div(a.matMul(b.transpose()), TEMPERATURE);
        NDArray diagonal = scope.eye(batchSize);
        NDArray rows = logits.logSoftmax(1).mul(diagonal).sum().neg();
        NDArray cols = logits.logSoftmax(0).mul(diagonal).sum().neg();
        return Scalars.div(rows.add(cols), 2.0 * batchSize);
    }

    private static NDArray unit(NDArray x) {
        return x.div(x.square().sum(new int[]{1}, true).add(1e-8).sqrt());
    }
}
