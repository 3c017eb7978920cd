package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Scalars;
import dev.worldlens.nn.train.StepLoss;
import dev.worldlens.nn.train.TrainingObjective;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A family's own objective, plus (optionally) an auxiliary loss on its pooled features weighted by lambda: the
 * "+ID" fine-tuning of the study (L1 inverse dynamics, lambda 1) or one of its ablations.
 */
public final class PretrainObjective implements TrainingObjective {
    private final FamilyModel model;
    private final PretrainData data;
    private final int batchSize;
    private final AuxiliaryLoss auxiliary;
    private final double weight;
    private final int auxBatchSize;

    /** {@code auxiliary} may be null (the family's objective alone); it sees batches of the same size. */
    public PretrainObjective(FamilyModel model, PretrainData data, int batchSize, AuxiliaryLoss auxiliary,
                             double weight) {
        this(model, data, batchSize, auxiliary, weight, batchSize);
    }

    /** With {@code auxBatchSize} transitions per step for the auxiliary loss. */
    public PretrainObjective(FamilyModel model, PretrainData data, int batchSize, AuxiliaryLoss auxiliary,
                             double weight, int auxBatchSize) {
        if (batchSize < 1 || auxBatchSize < 1) {
            throw new IllegalArgumentException("batch sizes must be positive, got " + batchSize + " and "
                    + auxBatchSize);
        }
        this.auxBatchSize = auxBatchSize;
        this.model = model;
        this.data = data;
        this.batchSize = batchSize;
        this.auxiliary = auxiliary;
        this.weight = weight;
    }

    @Override
    public Parameters trained() {
        return model.trained();
    }

    @Override
    public Map<String, Parameters> extraState() {
        return model.extraState();
    }

    @Override
    public StepLoss loss(int step, SplittableRandom rng, NDManager scope) {
        StepLoss own = model.objectiveLoss(data, batchSize, step, rng, scope);
        Map<String, NDArray> terms = new LinkedHashMap<>(own.terms());
        terms.putIfAbsent(model.config().family(), own.total());
        if (auxiliary == null || weight == 0) {
            return new StepLoss(own.total(), terms);
        }
        NDArray aux = auxiliary.loss(model, data, auxBatchSize, rng, scope);
        terms.put(auxiliary.name(), aux);
        return new StepLoss(own.total().add(Scalars.mul(aux, weight)), terms);
    }

    @Override
    public void afterStep(int step, int totalSteps) {
        model.afterStep(step, totalSteps);
    }

    @Override
    public double forwardFlopsPerStep() {
        return model.forwardFlopsPerStep(batchSize);
    }

    /** Forward FLOPs that have no backward pass (see {@link FamilyModel#gradientFreeFlopsPerStep}). */
    public double gradientFreeFlopsPerStep() {
        return model.gradientFreeFlopsPerStep(batchSize);
    }

    @Override
    public int framesPerStep() {
        return model.framesPerStep(batchSize);
    }
}
