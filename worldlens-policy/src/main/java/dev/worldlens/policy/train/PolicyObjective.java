package dev.worldlens.policy.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.train.StepLoss;
import dev.worldlens.nn.train.TrainingObjective;
import dev.worldlens.policy.vpp.VppPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One stage-2 step: a batch of samples drawn with replacement from the step's random source (so a resumed run draws
 * the same batches), their frozen features, and the head's EDM loss on the demonstrated chunks.
 */
final class PolicyObjective implements TrainingObjective {
    private final VppPolicy policy;
    private final ChunkSamples samples;
    private final FeatureCache features;
    private final int batch;

    PolicyObjective(VppPolicy policy, ChunkSamples samples, FeatureCache features, int batch) {
        this.policy = policy;
        this.samples = samples;
        this.features = features;
        this.batch = batch;
    }

    @Override
    public Parameters trained() {
        return policy.parameters();
    }

    @Override
    public StepLoss loss(int step, SplittableRandom rng, NDManager scope) {
        int[] idx = new int[batch];
        for (int i = 0; i < batch; i++) {
            idx[i] = rng.nextInt(samples.size());
        }
        NDArray tokens = features.tokens(scope, idx);
        int ha = samples.horizon() * samples.actionDim();
        float[] chunks = new float[batch * ha];
        List<String> instructions = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            System.arraycopy(samples.chunk(idx[i]), 0, chunks, i * ha, ha);
            instructions.add(samples.instruction(idx[i]));
        }
        NDArray actions = scope.create(chunks, new Shape(batch, samples.horizon(), samples.actionDim()));
        return new StepLoss(policy.loss(tokens, instructions, actions, rng), Map.of());
    }

    @Override
    public int framesPerStep() {
        return batch;
    }
}
