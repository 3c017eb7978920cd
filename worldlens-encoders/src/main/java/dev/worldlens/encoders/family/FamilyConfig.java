package dev.worldlens.encoders.family;

import dev.worldlens.core.Required;

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
        // sorted and kept sorted: Map.copyOf would iterate in an order that changes from run to run, and so would
        // config.yaml and provenance.json
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /**
     * A builder: the family and its trunk's sizes are required; clip length and tubelet default to 1 (an image
     * family), the options to none.
     */
    public static Builder builder() {
        return new Builder();
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

    /** Required fields are set with {@code set*}, optional ones with {@code opt*}. */
    public static final class Builder {
        private String family;
        private Integer imageSize;
        private Integer patchSize;
        private Integer width;
        private Integer depth;
        private Integer heads;
        private int clipLength = 1;
        private int tubelet = 1;
        private Map<String, String> options = new TreeMap<>();

        private Builder() {
        }

        /** image-ssl, videomae, vjepa, vae, diffusion or shortcut. */
        public Builder setFamily(String family) {
            this.family = family;
            return this;
        }

        /** Input side in pixels. */
        public Builder setImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /** Patch side (ViT families). */
        public Builder setPatchSize(int patchSize) {
            this.patchSize = patchSize;
            return this;
        }

        /** Token width. */
        public Builder setWidth(int width) {
            this.width = width;
            return this;
        }

        /** Blocks of the encoder trunk. */
        public Builder setDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /** Attention heads. */
        public Builder setHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /** Frames the encoder reads per clip (default 1: an image family). */
        public Builder optClipLength(int clipLength) {
            this.clipLength = clipLength;
            return this;
        }

        /** Frames per token step (default 1). */
        public Builder optTubelet(int tubelet) {
            this.tubelet = tubelet;
            return this;
        }

        /** All of the family's own settings, as strings, replacing any given before (default: none). */
        public Builder optOptions(Map<String, String> options) {
            this.options = new TreeMap<>(options);
            return this;
        }

        /** One of the family's own settings (mask ratio, EMA momentum, noise level...), e.g. ("maskRatio", "0.9"). */
        public Builder optOption(String name, String value) {
            options.put(name, value);
            return this;
        }

        /**
         * @throws IllegalStateException    naming the required fields not set
         * @throws IllegalArgumentException naming the sizes when they are invalid
         */
        public FamilyConfig build() {
            Required.check("FamilyConfig", "family", family, "imageSize", imageSize, "patchSize", patchSize,
                    "width", width, "depth", depth, "heads", heads);
            return new FamilyConfig(family, imageSize, patchSize, width, depth, heads, clipLength, tubelet, options);
        }
    }
}
