package dev.worldlens.policy.language;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * Instructions to one conditioning vector each. VPP uses a frozen CLIP text encoder (vpp.md section 1.1); here the
 * default is {@link WordEmbeddingInstructions}, learned with the predictor over the dataset's words. A frozen text
 * model (a CLIP text ONNX export read through a model card) can take its place by implementing this interface: the
 * predictor only needs a [B, width] array, with the empty instruction "" as the unconditional input of
 * classifier-free guidance.
 */
public interface InstructionEncoder {

    /** Width of an encoded instruction. */
    int width();

    /** The instructions as [B, width()], on {@code scope}; differentiable with respect to learned weights, if any. */
    NDArray encode(NDManager scope, List<String> instructions);
}
