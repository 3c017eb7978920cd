package dev.worldlens.nn.vit;

import dev.worldlens.core.Required;

/**
 * Shape of a {@link VisionTransformer}: square input of {@code imageSize} pixels, cut into {@code patchSize} patches;
 * for video, a clip of {@code clipLength} frames whose token steps each span {@code tubelet} frames (tubelet
 * embedding, as in ViViT/VideoMAE). Images are the case {@code clipLength == tubelet == 1}.
 *
 * @param imageSize  input side in pixels (square); must be a multiple of {@code patchSize}
 * @param channels   input channels (3)
 * @param patchSize  patch side in pixels
 * @param width      token width D; must be even (sin-cos position embedding)
 * @param depth      number of transformer blocks
 * @param heads      attention heads; must divide {@code width}
 * @param mlpRatio   MLP hidden width / D (4 in ViT)
 * @param clipLength frames per clip
 * @param tubelet    frames per token step; must divide {@code clipLength}
 */
public record VitConfig(int imageSize, int channels, int patchSize, int width, int depth, int heads, int mlpRatio,
                        int clipLength, int tubelet) {

    public VitConfig {
        if (imageSize <= 0 || patchSize <= 0 || imageSize % patchSize != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " must be a positive multiple of the patch "
                    + "size " + patchSize);
        }
        if (channels <= 0 || depth < 0 || mlpRatio <= 0) {
            throw new IllegalArgumentException("channels and mlp ratio must be positive and depth non-negative");
        }
        if (width <= 0 || width % 2 != 0) {
            throw new IllegalArgumentException("width " + width + " must be positive and even");
        }
        if (heads <= 0 || width % heads != 0) {
            throw new IllegalArgumentException("heads " + heads + " must divide width " + width);
        }
        if (clipLength < 1 || tubelet < 1 || clipLength % tubelet != 0) {
            throw new IllegalArgumentException("clip length " + clipLength + " must be a positive multiple of the "
                    + "tubelet " + tubelet);
        }
    }

    /** An image ViT (clip length 1) with 3 channels and MLP ratio 4. */
    public static VitConfig image(int imageSize, int patchSize, int width, int depth, int heads) {
        return builder().setImageSize(imageSize).setPatchSize(patchSize).setWidth(width).setDepth(depth)
                .setHeads(heads).build();
    }

    /**
     * A builder: the sizes (image, patch, width, depth, heads) are required; channels (3), MLP ratio (4), clip length
     * and tubelet (1: an image ViT) are optional.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** ViT-S-like at 64x64: patch 8 (64 tokens), width 192, depth 6, 3 heads (about 2.7 M parameters). */
    public static VitConfig small64() {
        return image(64, 8, 192, 6, 3);
    }

    /** The same model reading clips of {@code clipLength} frames with tubelets of {@code tubelet} frames. */
    public VitConfig withClip(int clipLength, int tubelet) {
        return new VitConfig(imageSize, channels, patchSize, width, depth, heads, mlpRatio, clipLength, tubelet);
    }

    /** Patches per side. */
    public int gridSide() {
        return imageSize / patchSize;
    }

    /** Tokens per token step (N). */
    public int tokensPerStep() {
        return gridSide() * gridSide();
    }

    /** Token steps per clip (T'). */
    public int tokenSteps() {
        return clipLength / tubelet;
    }

    /** Tokens per clip (T' * N). */
    public int tokenCount() {
        return tokenSteps() * tokensPerStep();
    }

    /** Values in one flattened patch (tubelet * channels * patch * patch). */
    public int patchDim() {
        return tubelet * channels * patchSize * patchSize;
    }

    public int headDim() {
        return width / heads;
    }

    public int mlpHidden() {
        return width * mlpRatio;
    }

    /** Short tag, e.g. "s64-p8-d192x6" or "s64-p8-d192x6-c4t2" for clips. */
    public String tag() {
        String t = "s" + imageSize + "-p" + patchSize + "-d" + width + "x" + depth;
        if (heads != Math.max(1, width / 64)) {
            t += "-h" + heads;
        }
        if (clipLength > 1 || tubelet > 1) {
            t += "-c" + clipLength + "t" + tubelet;
        }
        return t;
    }

    /** Required fields are set with {@code set*}, optional ones with {@code opt*}. */
    public static final class Builder {
        private Integer imageSize;
        private int channels = 3;
        private Integer patchSize;
        private Integer width;
        private Integer depth;
        private Integer heads;
        private int mlpRatio = 4;
        private int clipLength = 1;
        private int tubelet = 1;

        private Builder() {
        }

        /** Input side in pixels (square), a multiple of the patch size. */
        public Builder setImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /** Patch side in pixels. */
        public Builder setPatchSize(int patchSize) {
            this.patchSize = patchSize;
            return this;
        }

        /** Token width D (even). */
        public Builder setWidth(int width) {
            this.width = width;
            return this;
        }

        /** Transformer blocks. */
        public Builder setDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /** Attention heads, dividing the width. */
        public Builder setHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /** Input channels (default 3). */
        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /** MLP hidden width / D (default 4, as in ViT). */
        public Builder optMlpRatio(int mlpRatio) {
            this.mlpRatio = mlpRatio;
            return this;
        }

        /** Frames per clip (default 1). */
        public Builder optClipLength(int clipLength) {
            this.clipLength = clipLength;
            return this;
        }

        /** Frames per token step, dividing the clip length (default 1). */
        public Builder optTubelet(int tubelet) {
            this.tubelet = tubelet;
            return this;
        }

        /**
         * @throws IllegalStateException    naming the required fields not set
         * @throws IllegalArgumentException naming an invalid size
         */
        public VitConfig build() {
            Required.check("VitConfig", "imageSize", imageSize, "patchSize", patchSize, "width", width, "depth", depth,
                    "heads", heads);
            return new VitConfig(imageSize, channels, patchSize, width, depth, heads, mlpRatio, clipLength, tubelet);
        }
    }
}
