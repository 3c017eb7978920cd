package dev.worldlens.nn.train;

import ai.djl.ndarray.NDArray;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one training step computed: the scalar to differentiate and its named parts for the loss log (e.g. "mae",
 * "id"), each a scalar on the step's manager. The parts iterate in name order, which fixes the loss log's columns:
 * callers pass Map.of(...), whose order changes from one JVM to the next.
 */
public record StepLoss(NDArray total, Map<String, NDArray> terms) {

    public StepLoss {
        terms = Collections.unmodifiableMap(new TreeMap<>(terms));
    }
}
