package dev.worldlens.nn.train;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * What one training step computed: the scalar to differentiate and its named parts for the loss log (e.g. "mae",
 * "id"), each a scalar on the step's manager.
 */
public record StepLoss(NDArray total, Map<String, NDArray> terms) {

    public StepLoss {
        terms = Map.copyOf(terms);
    }
}
