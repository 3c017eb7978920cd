package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.TokenMasks;
import dev.worldlens.nn.vit.VisionTransformer;
import dev.worldlens.nn.vit.VitConfig;

import java.util.SplittableRandom;

/**
 * VideoMAE's narrow pixel decoder (Tong et al., 2022, after He et al.'s MAE): the encoded visible tokens are
 * projected to the decoder width ({@code encoder_to_decoder}), a shared learned mask token stands in for every hidden
 * tubelet, each token gets the decoder's fixed sin-cos position embedding of its place in the clip, a few
 * transformer blocks and a LayerNorm run over the full sequence, and a linear head predicts the flattened pixels of
 * the hidden tubelets only.
 *
 * <p>As in VideoMAE's {@code PretrainVisionTransformerDecoder}, the sequence is [visible tokens, mask tokens] rather
 * than scattered back into clip order: attention does not care about order once positions are added, and the
 * predictions for the hidden tubelets are simply the last M outputs, in the order of {@link TokenMasks#masked()}.
 *
 * <p>Parameters, all under "dec.": {@code embed} (encoder width to decoder width), {@code mask_token} [1, 1, Dd]
 * (normal, std 0.02 as VideoMAE's trunc_normal), the transformer's blocks and {@code norm}, and {@code head}
 * (decoder width to tubelet pixels). The decoder transformer is a {@link VisionTransformer}, which always defines a
 * patch embedding: {@code dec.patch.w/b} (37 k values at the default size) are never used, since the decoder reads
 * tokens, not pixels; they get zero gradients and only weight decay, and stay in the store because
 * VisionTransformer has no token-only variant.
 */
final class VideoMaeDecoder {
    static final String PREFIX = "dec.";

    private final Linear embed;
    private final NDArray maskToken;
    private final VisionTransformer vit;
    private final Linear head;
    private final float[] position; // [L * Dd], the decoder width's sin-cos embedding in clip token order

    private VideoMaeDecoder(Linear embed, NDArray maskToken, VisionTransformer vit, Linear head) {
        this.embed = embed;
        this.maskToken = maskToken;
        this.vit = vit;
        this.head = head;
        this.position = vit.positionEmbedding().toFloatArray();
    }

    /**
     * A decoder for clips shaped like {@code encoder} ({@code width}, {@code depth}, {@code heads} its own), its
     * weights drawn from {@code seed}.
     */
    static VideoMaeDecoder create(VitConfig encoder, int width, int depth, int heads, Parameters params, long seed) {
        VitConfig shape = VitConfig.builder().setImageSize(encoder.imageSize()).optChannels(encoder.channels())
                .setPatchSize(encoder.patchSize()).setWidth(width).setDepth(depth).setHeads(heads)
                .optMlpRatio(encoder.mlpRatio()).optClipLength(encoder.clipLength())
                .optTubelet(encoder.tubelet()).build();
        SplittableRandom rng = new SplittableRandom(seed);
        Linear embed = Linear.create(params, PREFIX + "embed", encoder.width(), width, rng);
        NDArray mask = params.normal(PREFIX + "mask_token", 0.02, rng, 1, 1, width);
        VisionTransformer vit = VisionTransformer.create(shape, params, rng.nextLong(), PREFIX);
        Linear head = Linear.create(params, PREFIX + "head", width, encoder.patchDim(), rng);
        return new VideoMaeDecoder(embed, mask, vit, head);
    }

    VitConfig config() {
        return vit.config();
    }

    /**
     * Predicted pixels [B, M, patchDim] of the hidden tubelets from the encoded visible tokens {@code visible}
     * [B, K, D]; every array goes on {@code scope}.
     */
    NDArray predictHidden(NDArray visible, TokenMasks masks, NDManager scope) {
        VitConfig c = vit.config();
        long b = visible.getShape().get(0);
        long k = visible.getShape().get(1);
        NDArray pos = scope.create(position, new Shape(1, c.tokenCount(), c.width()))
                .broadcast(new Shape(b, c.tokenCount(), c.width()));
        NDArray shown = embed.forward(visible).add(VisionTransformer.keepTokens(pos, masks.visibleArray(scope)));
        NDArray hidden = VisionTransformer.keepTokens(pos, masks.maskedArray(scope)).add(maskToken);
        NDArray out = vit.forwardTokens(shown.concat(hidden, 1), c.depth()).get(c.depth());
        return head.forward(out.get(new NDIndex(":, {}:, :", k)));
    }

    /** Forward FLOPs for one clip with {@code visible} of {@code total} tokens shown. */
    double flopsPerClip(int visible, int total) {
        VitConfig c = vit.config();
        double blocks = c.depth() * VideoMaeModel.blockFlops(total, c.width(), c.mlpHidden());
        return 2.0 * visible * embed.weightCount() + blocks + 2.0 * (total - visible) * head.weightCount();
    }

    /** Parameters the decoder uses (the unused patch embedding left out). */
    long parameterCount() {
        VitConfig c = vit.config();
        long unusedPatch = (long) c.width() * c.patchDim() + c.width();
        return vit.parameterCount() - unusedPatch + embed.weightCount() + embed.out() + c.width()
                + head.weightCount() + head.out();
    }
}
