package dev.worldlens.policy.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.VisualFeatures;

import java.util.List;

/**
 * The tabletop's task frame ({@link TaskFrameFeatures}) as one token per observation, so the same Video Former and
 * head that read visual features can read it: a privileged reference like the state oracle, with the task's
 * geometry computed instead of left to the learner. The task is the one the observation's instruction names.
 */
public final class TaskFrameTokens implements VisualFeatures {
    private final TaskFrameFeatures frame = new TaskFrameFeatures();

    @Override
    public int frames() {
        return 1;
    }

    @Override
    public int tokensPerFrame() {
        return 1;
    }

    @Override
    public int channels() {
        return TaskFrameFeatures.WIDTH;
    }

    @Override
    public NDArray tokens(NDManager manager, List<Observation> batch) {
        int channels = TaskFrameFeatures.WIDTH;
        float[] out = new float[batch.size() * channels];
        for (int b = 0; b < batch.size(); b++) {
            Observation o = batch.get(b);
            String task = frame.taskOf(o.instruction(), null);
            if (task == null) {
                throw new IllegalArgumentException("task-frame tokens: the instruction '" + o.instruction()
                        + "' names no Tabletop task");
            }
            System.arraycopy(frame.of(o.state(), task), 0, out, b * channels, channels);
        }
        return manager.create(out, new Shape(batch.size(), 1, 1, channels));
    }
}
