package dev.worldlens.encoders;

import dev.worldlens.core.RgbImage;

import java.util.List;

/**
 * An encoder's own way back to pixels (a VAE's decoder, a masked autoencoder's pixel decoder), used to report its
 * native reconstruction fidelity next to that of a decoder trained on its frozen features. Obtained from
 * {@link Encoder#reconstructor()}.
 */
public interface Reconstructs {

    /**
     * For each clip (as {@link Encoder#encode} takes them), the encoder's reconstruction of its last frame at the
     * card's input size.
     */
    List<RgbImage> reconstruct(List<Clip> clips);
}
