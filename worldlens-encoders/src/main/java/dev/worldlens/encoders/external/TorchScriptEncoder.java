package dev.worldlens.encoders.external;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.encoders.Tokens;
import dev.worldlens.encoders.external.ModelCard.Output;
import dev.worldlens.nn.Torch;

import java.io.IOException;
import java.util.List;

/**
 * A TorchScript module (torch.jit.trace / torch.jit.script, saved with {@code .save()}) run by DJL's PyTorch engine
 * offline. The module takes the frames tensor and returns a tuple or list of tensors; a card output's name is the
 * index into it. Each batch runs in its own NDManager scope so native memory is freed per batch.
 *
 * <p>Output indices can only be checked against the model when it runs (TorchScript does not declare how many
 * values it returns), so a wrong index fails on the first {@link #encode} with a message naming the card field.
 */
public final class TorchScriptEncoder extends ExportedModelEncoder {
    private final ZooModel<NDList, NDList> model;

    public TorchScriptEncoder(ModelCard card) {
        super(card);
        card.outputs().forEach((layer, out) -> index(card, layer, out));
        Torch.tuneNativeAllocator();
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(card.model())
                .optEngine(Torch.ENGINE)
                .optTranslator(new NoopTranslator())
                .build();
        try {
            this.model = criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new InvalidInputException(card.file(), "model", "PyTorch cannot load " + card.model()
                    + " as TorchScript: " + e.getMessage(), e);
        }
    }

    private static int index(ModelCard card, int layer, Output out) {
        try {
            int i = Integer.parseInt(out.name());
            if (i >= 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new InvalidInputException(card.file(), "outputs." + layer, "a TorchScript output is an index into "
                + "the tuple/list the module returns (0, 1, ...), got '" + out.name() + "'");
    }

    @Override
    void encodeBatch(InputPacker.Batch x, int clips, int layer, Output output, List<Tokens> out) {
        int index = index(card, layer, output);
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray input = scope.create(x.data(), new Shape(x.shape()));
            NDList results = model.getBlock().forward(new ParameterStore(scope, false), new NDList(input), false);
            try {
                if (index >= results.size()) {
                    throw new InvalidInputException(card.file(), "outputs." + layer, "output index " + index
                            + " but the module returned " + results.size() + " tensor(s)");
                }
                NDArray value = results.get(index);
                float[] data = value.toType(DataType.FLOAT32, false).toFloatArray();
                TokenReader.read(card, layer, output, data, value.getShape().getShape(), clips, out);
            } finally {
                // outputs may live on the engine's manager rather than the scope: free them explicitly
                results.close();
            }
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
