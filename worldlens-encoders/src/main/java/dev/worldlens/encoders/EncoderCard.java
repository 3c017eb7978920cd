package dev.worldlens.encoders;

import java.util.Arrays;
import java.util.Map;

/**
 * What an encoder expects and returns, the same for built-in families and imported models: the input size and
 * normalisation, how many frames it reads at once (clip length, and the tubelet that groups frames into one token
 * step), the token grid it returns per token step, the token width, and how many blocks can be read out.
 *
 * @param name        a unique, stable name (part of the feature cache key)
 * @param family      the family: raw-pixels, random-vit, state-oracle, image-ssl, videomae, ...
 * @param inputWidth  pixels the encoder reads, after resizing
 * @param mean        per-channel mean subtracted from [0, 1] pixels (length 3)
 * @param std         per-channel std that pixels are divided by (length 3)
 * @param clipLength  frames per clip (1 for image encoders)
 * @param tubelet     frames per token step (1 for image encoders)
 * @param tokensPerStep tokens per token step (N), e.g. 64 for an 8x8 patch grid
 * @param width       token width (D)
 * @param layers      blocks whose output can be read (layer 1..layers); layer 0 is the input embedding
 * @param properties  free-form facts for the report (parameter count, patch size, checkpoint)
 */
public record EncoderCard(String name, String family, int inputWidth, int inputHeight, float[] mean, float[] std,
                          int clipLength, int tubelet, int tokensPerStep, int width, int layers,
                          Map<String, String> properties) {

    public EncoderCard {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 channels");
        }
        if (clipLength < 1 || tubelet < 1 || clipLength % tubelet != 0) {
            throw new IllegalArgumentException("clip length " + clipLength + " must be a positive multiple of the "
                    + "tubelet " + tubelet);
        }
        properties = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(properties));
    }

    /** Token steps per clip (T'). */
    public int tokenSteps() {
        return clipLength / tubelet;
    }

    /** Resolves a requested layer: -1 means the last block. */
    public int resolveLayer(int layer) {
        int resolved = layer < 0 ? layers : layer;
        if (resolved < 0 || resolved > layers) {
            throw new IllegalArgumentException("encoder " + name + " has layers 0.." + layers + ", asked for " + layer);
        }
        return resolved;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncoderCard c && c.name.equals(name) && c.family.equals(family)
                && c.inputWidth == inputWidth && c.inputHeight == inputHeight && Arrays.equals(c.mean, mean)
                && Arrays.equals(c.std, std) && c.clipLength == clipLength && c.tubelet == tubelet
                && c.tokensPerStep == tokensPerStep && c.width == width && c.layers == layers
                && c.properties.equals(properties);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + width;
    }
}
