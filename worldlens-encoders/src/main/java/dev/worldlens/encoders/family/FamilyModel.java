package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.train.StepLoss;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One built-in encoder family: its model, its own pretraining objective, and the encoder whose tokens are probed.
 * Pixels are always normalised to [-1, 1] ({@link PretrainData#MEAN}, {@link PretrainData#STD}) and shaped
 * [B, T, 3, S, S] with T = {@link #clipLength()}.
 *
 * <p>The pretraining driver adds an optional auxiliary loss (inverse dynamics and its ablations) computed on
 * {@link #pooledFeatures}; so pooled features must be differentiable with respect to {@link #trained()}, and every
 * parameter (the auxiliary head included, created by the driver under the prefix "aux.") lives in that one store.
 */
public interface FamilyModel extends AutoCloseable {

    FamilyConfig config();

    /** Every optimised weight, the encoder's and the objective's (decoder, predictor...) alike. */
    Parameters trained();

    /** Weights saved with a checkpoint but not optimised (EMA teacher or target), by file-safe name. */
    default Map<String, Parameters> extraState() {
        return Map.of();
    }

    /**
     * The family's own objective on {@code batchSize} samples drawn with {@code rng} from {@code data} (draw
     * everything random from {@code rng}: batches, masks, noise); every array goes on {@code scope}.
     */
    StepLoss objectiveLoss(PretrainData data, int batchSize, int step, SplittableRandom rng, NDManager scope);

    /** Called after every optimizer step (EMA updates). */
    default void afterStep(int step, int totalSteps) {
    }

    /** Frames read by one objective step (for throughput figures). */
    int framesPerStep(int batchSize);

    /** Forward FLOPs of one objective step at {@code batchSize} (matmuls and convolutions), for GFLOP/s figures. */
    double forwardFlopsPerStep(int batchSize);

    /**
     * The part of {@link #forwardFlopsPerStep} that runs without a backward pass (an EMA target's forward,
     * stop-gradient bootstrap targets), so throughput figures count it once instead of three times. 0 by default.
     */
    default double gradientFreeFlopsPerStep(int batchSize) {
        return 0;
    }

    /**
     * The encoder's tokens: element 0 is the input embedding, element i (1..upToLayer) the output of block i, each
     * [B, L_i, D_i] (conv families may change grid and width between layers). Deterministic: any noise a family
     * adds at encoding time (diffusion's chosen noise level) comes from a fixed seed.
     */
    List<NDArray> encodeLayers(NDArray pixels, int upToLayer);

    /** Blocks that can be read out (layer 1..layers). */
    int layers();

    /** Mean-pooled last-layer features [B, D] with gradient, the input of the auxiliary (+ID) head. */
    NDArray pooledFeatures(NDArray pixels);

    /** Width of {@link #pooledFeatures}. */
    int featureWidth();

    /** Frames per clip the encoder reads. */
    default int clipLength() {
        return config().clipLength();
    }

    /** Frames per token step. */
    default int tubelet() {
        return config().tubelet();
    }

    /** Tokens per token step at the last layer. */
    int tokensPerStep();

    /** Parameters of the encoder that is probed (not its decoder or predictor). */
    long encoderParameterCount();

    @Override
    void close();
}
