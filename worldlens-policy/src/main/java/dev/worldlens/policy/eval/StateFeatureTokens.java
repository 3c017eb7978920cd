package dev.worldlens.policy.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.VisualFeatures;
import dev.worldlens.policy.reference.StateFeatures;

import java.util.List;

/**
 * Features of the tabletop state as one token per observation, so that the same Video Former and head that read
 * visual features can read them: privileged references like the state oracle, with some geometry computed instead
 * of left to the learner. {@link #taskFrame()} also reads the task the instruction names; {@link #gripperFrame()}
 * reads the state alone and leaves the instruction to the head.
 */
public final class StateFeatureTokens implements VisualFeatures {
    private final StateFeatures features;
    private final int width;

    private StateFeatureTokens(StateFeatures features, int width) {
        this.features = features;
        this.width = width;
    }

    /** The task frame ({@link TaskFrameFeatures}): the instruction's block and goal relative to the gripper. */
    public static StateFeatureTokens taskFrame() {
        return new StateFeatureTokens(new TaskFrameFeatures(), TaskFrameFeatures.WIDTH);
    }

    /** The gripper frame ({@link GripperFrameFeatures}): every block and goal relative to the gripper. */
    public static StateFeatureTokens gripperFrame() {
        return new StateFeatureTokens(new GripperFrameFeatures(), GripperFrameFeatures.WIDTH);
    }

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
        return width;
    }

    @Override
    public NDArray tokens(NDManager manager, List<Observation> batch) {
        float[] out = new float[batch.size() * width];
        for (int b = 0; b < batch.size(); b++) {
            Observation o = batch.get(b);
            String task = features.taskOf(o.instruction(), null);
            if (task == null && features.needsTask()) {
                throw new IllegalArgumentException("task-frame tokens: the instruction '" + o.instruction()
                        + "' names no Tabletop task");
            }
            float[] f = features.of(o.state(), task);
            if (f.length != width) {
                throw new IllegalStateException("state features of " + f.length + " values where " + width
                        + " were declared");
            }
            System.arraycopy(f, 0, out, b * width, width);
        }
        return manager.create(out, new Shape(batch.size(), 1, 1, width));
    }
}
