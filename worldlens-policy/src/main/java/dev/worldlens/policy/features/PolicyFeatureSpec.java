package dev.worldlens.policy.features;

import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import dev.worldlens.encoders.BuiltinEncoders;
import dev.worldlens.policy.VisualFeatures;
import dev.worldlens.policy.eval.ObjectTokens;
import dev.worldlens.policy.eval.StateFeatureTokens;
import dev.worldlens.policy.predictor.PredictiveFeatures;
import dev.worldlens.policy.predictor.PredictorSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which visual features a policy reads, written beside it as features.json so that evaluation and serving reopen
 * the same features: {@code vpp:RUN}, VPP's predictive features from a `policy train-predictor` run (one denoising
 * pass of the video predictor), or a worldlens encoder spec (raw:8, random-vit, state, a pretraining run folder;
 * the non-predictive baselines) over the current frame of every camera, or the privileged references
 * {@code task-frame} (the tabletop's task frame, computed from the state and the instruction) and
 * {@code gripper-frame} (the whole state relative to the gripper, the instruction left to the policy), which read no
 * camera ({@link StateFeatureTokens}), and {@code objects} (the same as one token per object, {@link ObjectTokens}).
 *
 * @param spec    vpp:RUN or an encoder spec
 * @param cameras the cameras, in the order their tokens are laid side by side
 * @param layer   the encoder block read (-1: the last)
 */
public record PolicyFeatureSpec(String spec, List<String> cameras, int layer) {
    public static final String FILE = "features.json";

    public PolicyFeatureSpec {
        cameras = List.copyOf(cameras);
        if (cameras.isEmpty()) {
            throw new InvalidInputException("cameras", "at least one camera is needed");
        }
    }

    public static final String VPP = "vpp:";
    public static final String TASK_FRAME = "task-frame";
    public static final String GRIPPER_FRAME = "gripper-frame";
    public static final String OBJECTS = "objects";
    /** The privileged features computed from the Tabletop's state, which read no camera. */
    public static final List<String> PRIVILEGED = List.of(TASK_FRAME, GRIPPER_FRAME, OBJECTS);

    public VisualFeatures open(int stateDim) {
        if (spec.startsWith(VPP)) {
            Path run = Path.of(spec.substring(VPP.length()));
            if (!PredictorSpec.isRun(run)) {
                throw new InvalidInputException(run, "spec", "is not a `worldlens policy train-predictor` run "
                        + "(no " + PredictorSpec.FILE + ")");
            }
            return PredictiveFeatures.open(run, cameras);
        }
        if (spec.equals(TASK_FRAME)) {
            return StateFeatureTokens.taskFrame();
        }
        if (spec.equals(GRIPPER_FRAME)) {
            return StateFeatureTokens.gripperFrame();
        }
        if (spec.equals(OBJECTS)) {
            return new ObjectTokens();
        }
        return new EncoderFeatures(BuiltinEncoders.create(spec, stateDim), cameras, layer);
    }

    public void write(Path dir) {
        try {
            AtomicFiles.writeString(dir.resolve(FILE), Json.JSON.writeValueAsString(this));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    public static PolicyFeatureSpec read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(dir, "policy", "is not a policy run (no " + FILE + "); train one with "
                    + "`worldlens policy train`");
        }
        try {
            return Json.JSON.readValue(file.toFile(), PolicyFeatureSpec.class);
        } catch (IOException e) {
            throw new InvalidInputException(file, "features", "unreadable: " + e.getMessage());
        }
    }
}
