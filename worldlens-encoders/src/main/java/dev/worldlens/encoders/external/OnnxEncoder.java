package dev.worldlens.encoders.external;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.encoders.Tokens;
import dev.worldlens.encoders.external.ModelCard.Output;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An exported ONNX model run with ONNX Runtime (CPU). The session is opened once; each batch of clips is one
 * {@code run} that asks only for the requested layer's output, so ONNX Runtime skips the blocks after it. Output
 * names are checked against the model when the encoder opens, not on first use.
 */
public final class OnnxEncoder extends ExportedModelEncoder {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;

    public OnnxEncoder(ModelCard card) {
        super(card);
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            this.session = env.createSession(card.model().toString(), options);
        } catch (OrtException e) {
            throw new InvalidInputException(card.file(), "model", "ONNX Runtime cannot load " + card.model() + ": "
                    + e.getMessage(), e);
        }
        try {
            this.inputName = pickInput(card, session.getInputNames());
            Set<String> outputs = session.getOutputNames();
            card.outputs().forEach((layer, out) -> {
                if (!outputs.contains(out.name())) {
                    throw new InvalidInputException(card.file(), "outputs." + layer, "the model has no output '"
                            + out.name() + "'; its outputs are " + outputs);
                }
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static String pickInput(ModelCard card, Set<String> inputs) {
        String wanted = card.input().name();
        if (wanted == null) {
            if (inputs.size() != 1) {
                throw new InvalidInputException(card.file(), "input.name", "the model has inputs " + inputs
                        + "; name the one that takes the frames");
            }
            return inputs.iterator().next();
        }
        if (!inputs.contains(wanted)) {
            throw new InvalidInputException(card.file(), "input.name", "the model has no input '" + wanted
                    + "'; its inputs are " + inputs);
        }
        return wanted;
    }

    @Override
    void encodeBatch(InputPacker.Batch x, int clips, int layer, Output output, List<Tokens> out) {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), x.shape());
             OrtSession.Result result = session.run(Map.of(inputName, input), Set.of(output.name()))) {
            OnnxValue value = result.get(output.name()).orElseThrow();
            if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != OnnxJavaType.FLOAT) {
                throw new InvalidInputException(card.file(), "outputs." + layer, "model output '"
                        + output.name() + "' is " + value.getInfo() + "; WorldLens reads float32 tensors");
            }
            TensorInfo info = tensor.getInfo();
            FloatBuffer buffer = tensor.getFloatBuffer();
            float[] data = new float[buffer.remaining()];
            buffer.get(data);
            TokenReader.read(card, layer, output, data, info.getShape(), clips, out);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + card.model() + " (card " + card.file()
                    + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX session of " + card.model(), e);
        }
    }
}
