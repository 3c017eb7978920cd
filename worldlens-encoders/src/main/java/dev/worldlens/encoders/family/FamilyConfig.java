package dev.worldlens.encoders.family;

import java.util.Map;
import java.util.TreeMap;

/**
 * The shape of a built-in family's model, as data (it goes into the run's config.yaml and is all a run folder needs
 * to rebuild the model). Common fields cover the ViT trunk every family but the VAE uses; {@code options} holds a
 * family's own hyperparameters (mask ratio, EMA momentum, noise level...), each read with a documented default.
 *
 * @param family     image-ssl, videomae, vjepa, vae, diffusion or shortcut
 * @param imageSize  input side in pixels
 * @param patchSize  patch side (ViT families)
 * @param width      token width
 * @param depth      blocks of the encoder trunk
 * @param heads      attention heads
 * @param clipLength frames the encoder reads per clip (1 for image families)
 * @param tubelet    frames per token step
 * @param options    family-specific settings, as strings
 */
public record FamilyConfig(String family, int imageSize, int patchSize, int width, int depth, int heads,
                           int clipLength, int tubelet, Map<String, String> options) {

    public FamilyConfig {
        if (imageSize < 8 || width < 2 || depth < 1 || heads < 1 || clipLength < 1 || tubelet < 1
                || clipLength % tubelet != 0) {
            throw new IllegalArgumentException("invalid " + family + " config: image " + imageSize + ", width "
                    + width + ", depth " + depth + ", heads " + heads + ", clip " + clipLength + "/" + tubelet);
        }
        options = Map.copyOf(new TreeMap<>(options));
    }

    public double option(String name, double fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(family + " option '" + name + "' must be a number, got '" + v + "'");
        }
    }

    public int option(String name, int fallback) {
        return (int) Math.round(option(name, (double) fallback));
    }

    public FamilyConfig withOptions(Map<String, String> more) {
        Map<String, String> all = new TreeMap<>(options);
        all.putAll(more);
        return new FamilyConfig(family, imageSize, patchSize, width, depth, heads, clipLength, tubelet, all);
    }

    public FamilyConfig withSize(int newImageSize, int newWidth, int newDepth, int newHeads) {
        return new FamilyConfig(family, newImageSize, patchSize, newWidth, newDepth, newHeads, clipLength, tubelet,
                options);
    }
}
