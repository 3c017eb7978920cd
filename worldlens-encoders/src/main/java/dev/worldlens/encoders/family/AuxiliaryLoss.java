package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.SplittableRandom;

/**
 * A loss added to a family's objective that reads the family's pooled features (inverse dynamics and the
 * study's ablations). Its head's weights live in the family's trained store under the prefix "aux.".
 */
public interface AuxiliaryLoss {

    /** Short name for the loss log ("id-l1", "forward", ...). */
    String name();

    /** The scalar loss on a batch drawn with {@code rng}; arrays go on {@code scope}. */
    NDArray loss(FamilyModel model, PretrainData data, int batchSize, SplittableRandom rng, NDManager scope);
}
