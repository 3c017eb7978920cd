package dev.worldlens.encoders.external;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.external.ModelCard.Output;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens exported models (ONNX, TorchScript) described by a model card as {@link Encoder}s. */
public final class ExternalEncoders {
    private ExternalEncoders() {
    }

    /** Whether an {@code --encoder} spec names a model card file (by its extension). */
    public static boolean isCardPath(String spec) {
        String lower = spec.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
    }

    /** Loads the card and opens its model with the runtime its format needs. */
    public static Encoder open(Path cardFile) {
        return open(ModelCard.load(cardFile));
    }

    public static Encoder open(ModelCard card) {
        return switch (card.format()) {
            case ONNX -> new OnnxEncoder(card);
            case TORCHSCRIPT -> new TorchScriptEncoder(card);
        };
    }

    static void requireModelFile(ModelCard card) {
        if (!Files.isRegularFile(card.model())) {
            throw new InvalidInputException(card.file(), "model", "model file " + card.model() + " does not exist "
                    + "(paths are relative to the card's folder)");
        }
    }

    static Output requireOutput(ModelCard card, int layer) {
        Output out = card.output(layer);
        if (out == null) {
            throw new InvalidInputException(card.file(), "outputs", "no output for layer " + layer + "; the card "
                    + "exports layers " + card.outputs().keySet());
        }
        return out;
    }
}
