package dev.worldlens.policy.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Ema;
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
 * the same batches), their frozen features, and the head's EDM loss on the demonstrated chunks. With task balancing a
 * sample is drawn by first drawing a task id uniformly, then one of its samples. With an EMA policy, its weights
 * follow the trained ones after every step and are checkpointed with them.
 */
final class PolicyObjective implements TrainingObjective {
    private final VppPolicy policy;
    private final ChunkSamples samples;
    private final FeatureCache features;
    private final int batch;
    /** Sample indices by task id (task ids sorted), or null for uniform draws over samples. */
    private final int[][] byTask;
    private final VppPolicy emaPolicy;
    private final Ema ema;
    private final PolicyTrainingConfig config;

    PolicyObjective(VppPolicy policy, VppPolicy emaPolicy, ChunkSamples samples, FeatureCache features,
                    PolicyTrainingConfig config) {
        this.policy = policy;
        this.samples = samples;
        this.features = features;
        this.batch = config.batch();
        this.config = config;
        this.byTask = config.balancedTasks() ? samples.indicesByTask() : null;
        this.emaPolicy = emaPolicy;
        this.ema = emaPolicy == null ? null : new Ema(policy.parameters(), "", emaPolicy.parameters(), "");
    }

    @Override
    public Parameters trained() {
        return policy.parameters();
    }

    @Override
    public Map<String, Parameters> extraState() {
        return emaPolicy == null ? Map.of() : Map.of("ema", emaPolicy.parameters());
    }

    @Override
    public void afterStep(int step, int totalSteps) {
        if (ema != null) {
            ema.update(config.emaDecayAt(step));
        }
    }

    @Override
    public StepLoss loss(int step, SplittableRandom rng, NDManager scope) {
        int[] idx = new int[batch];
        for (int i = 0; i < batch; i++) {
            if (byTask == null) {
                idx[i] = rng.nextInt(samples.size());
            } else {
                int[] task = byTask[rng.nextInt(byTask.length)];
                idx[i] = task[rng.nextInt(task.length)];
            }
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
