package dev.worldlens.encoders.external;

import dev.worldlens.encoders.Clip;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.EncoderCard;
import dev.worldlens.encoders.Tokens;
import dev.worldlens.encoders.external.ModelCard.Output;

import java.util.ArrayList;
import java.util.List;

/**
 * What the encoders of exported models (ONNX, TorchScript) share: the model card, the encoder card and input packer
 * made from it, and {@link #encode}, which resolves the layer, checks that the card exports it and runs the model on
 * batches of the card's batch size, packed as the card describes.
 */
abstract class ExportedModelEncoder implements Encoder {
    final ModelCard card;
    private final EncoderCard encoderCard;
    private final InputPacker packer;

    /** Reads the card; fails if its model file does not exist. */
    ExportedModelEncoder(ModelCard card) {
        this.card = card;
        this.encoderCard = card.toEncoderCard();
        this.packer = new InputPacker(card);
        ExternalEncoders.requireModelFile(card);
    }

    public ModelCard modelCard() {
        return card;
    }

    @Override
    public EncoderCard card() {
        return encoderCard;
    }

    @Override
    public final List<Tokens> encode(List<Clip> clips, int layer) {
        int resolved = encoderCard.resolveLayer(layer);
        Output output = ExternalEncoders.requireOutput(card, resolved);
        List<Tokens> out = new ArrayList<>(clips.size());
        for (int from = 0; from < clips.size(); from += card.batchSize()) {
            List<Clip> batch = clips.subList(from, Math.min(clips.size(), from + card.batchSize()));
            encodeBatch(packer.pack(batch), batch.size(), resolved, output, out);
        }
        return out;
    }

    /**
     * Runs the model on one packed batch of {@code clips} clips and appends their tokens at {@code layer} (resolved,
     * exported as {@code output}) to {@code out}.
     */
    abstract void encodeBatch(InputPacker.Batch x, int clips, int layer, Output output, List<Tokens> out);
}
