package dev.worldlens.encoders;

import java.util.List;
import java.util.Optional;

/**
 * The encoder SPI: a frozen model that turns clips into tokens at a chosen layer. Built-in families, imported
 * ONNX/TorchScript models and the reference encoders all implement it. Implementations batch internally and free
 * native memory per batch; {@link #close()} releases the model.
 */
public interface Encoder extends AutoCloseable {

    EncoderCard card();

    /**
     * Encodes clips (each of {@code card().clipLength()} frames) at a layer: 0 is the input embedding, 1..layers the
     * block outputs, -1 the last block.
     */
    List<Tokens> encode(List<Clip> clips, int layer);

    /** The encoder's own pixel decoder, when it has one (none by default). */
    default Optional<Reconstructs> reconstructor() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }
}
