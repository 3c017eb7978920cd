package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.conv.Conv2dLayer;
import dev.worldlens.nn.conv.GroupNorm;
import dev.worldlens.nn.conv.ResnetBlock;
import dev.worldlens.nn.conv.Silu;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The encoder of the toy KL autoencoder, laid out as the Stable Diffusion (LDM) VAE's {@code Encoder}: a 3x3
 * {@code conv_in}, then one level per halving of the resolution, each {@code blocksPerLevel} residual blocks at the
 * level's width followed by a stride-2 3x3 convolution (LDM pads asymmetrically by (0, 1); symmetric padding 1 gives
 * the same sizes), two middle residual blocks (LDM's mid block has an attention layer between them, left out at
 * this scale; these blocks at the lowest resolution hold much of the capacity for little compute),
 * GroupNorm, SiLU, a 3x3 {@code conv_out} to 2 x latent channels and the 1x1 {@code quant_conv}: the mean and
 * log-variance of the latent.
 *
 * <p>Readable stages: 0 the output of {@code conv_in}, i (1..levels) the output of level i (after its
 * downsampling), levels + 1 the latent mean.
 */
final class VaeEncoder {
    private record Level(List<ResnetBlock> blocks, Conv2dLayer down) {
    }

    private final Conv2dLayer convIn;
    private final List<Level> levels;
    private final List<ResnetBlock> mid; // LDM's block_1 and block_2
    private final GroupNorm normOut;
    private final Conv2dLayer convOut;
    private final Conv2dLayer quant;
    private final int latentChannels;
    private final long parameterCount;

    private VaeEncoder(Conv2dLayer convIn, List<Level> levels, List<ResnetBlock> mid, GroupNorm normOut,
                       Conv2dLayer convOut, Conv2dLayer quant, int latentChannels, long parameterCount) {
        this.convIn = convIn;
        this.levels = levels;
        this.mid = mid;
        this.normOut = normOut;
        this.convOut = convOut;
        this.quant = quant;
        this.latentChannels = latentChannels;
        this.parameterCount = parameterCount;
    }

    /** {@code widths[i]} is level i's channel count; parameters under {@code prefix}, drawn from {@code rng}. */
    static VaeEncoder create(Parameters params, String prefix, int[] widths, int blocksPerLevel, int latentChannels,
                             int groups, SplittableRandom rng) {
        long before = params.count();
        Conv2dLayer convIn = Conv2dLayer.same(params, prefix + "conv_in", 3, widths[0], 3, rng);
        List<Level> levels = new ArrayList<>();
        int in = widths[0];
        for (int i = 0; i < widths.length; i++) {
            List<ResnetBlock> blocks = new ArrayList<>();
            for (int j = 0; j < blocksPerLevel; j++) {
                blocks.add(ResnetBlock.create(params, prefix + "down" + i + ".block" + j, in, widths[i], groups,
                        rng));
                in = widths[i];
            }
            Conv2dLayer down = Conv2dLayer.create(params, prefix + "down" + i + ".downsample", in, in, 3, 2, 1, 1,
                    rng);
            levels.add(new Level(List.copyOf(blocks), down));
        }
        List<ResnetBlock> mid = List.of(ResnetBlock.create(params, prefix + "mid.block_1", in, in, groups, rng),
                ResnetBlock.create(params, prefix + "mid.block_2", in, in, groups, rng));
        GroupNorm normOut = GroupNorm.create(params, prefix + "norm_out", in, groups);
        Conv2dLayer convOut = Conv2dLayer.same(params, prefix + "conv_out", in, 2 * latentChannels, 3, rng);
        Conv2dLayer quant = Conv2dLayer.same(params, prefix + "quant_conv", 2 * latentChannels,
                2 * latentChannels, 1, rng);
        return new VaeEncoder(convIn, List.copyOf(levels), mid, normOut, convOut, quant, latentChannels,
                params.count() - before);
    }

    /** Readable stages: conv_in, each level, the latent mean. */
    int stages() {
        return levels.size() + 2;
    }

    long parameterCount() {
        return parameterCount;
    }

    /**
     * Images [B, 3, S, S] through stages 0..upTo ({@code upTo} at most {@code stages() - 1}), each [B, C, H, W];
     * the last stage is the latent mean.
     */
    List<NDArray> forward(NDArray images, int upTo) {
        if (upTo < 0 || upTo >= stages()) {
            throw new IllegalArgumentException("vae stage " + upTo + " outside 0.." + (stages() - 1));
        }
        List<NDArray> out = new ArrayList<>(upTo + 1);
        NDArray x = convIn.forward(images);
        out.add(x);
        for (int i = 0; i < levels.size() && out.size() <= upTo; i++) {
            x = level(levels.get(i), x);
            out.add(x);
        }
        if (out.size() <= upTo) {
            out.add(head(x).get(":, :" + latentChannels));
        }
        return out;
    }

    /** Images [B, 3, S, S] -> latent mean and log-variance stacked on the channel axis, [B, 2z, h, w]. */
    NDArray moments(NDArray images) {
        NDArray x = convIn.forward(images);
        for (Level level : levels) {
            x = level(level, x);
        }
        return head(x);
    }

    /** The deepest level's output through the middle blocks and the output convolutions. */
    private NDArray head(NDArray deepest) {
        NDArray h = deepest;
        for (ResnetBlock block : mid) {
            h = block.forward(h);
        }
        return quant.forward(convOut.forward(Silu.apply(normOut.forward(h))));
    }

    private static NDArray level(Level level, NDArray x) {
        for (ResnetBlock block : level.blocks) {
            x = block.forward(x);
        }
        return level.down.forward(x);
    }

    /** Forward FLOPs of the convolutions for {@code batch} images of side {@code size}. */
    double flops(int batch, int size) {
        double f = convIn.flops(batch, size, size);
        int side = size;
        for (Level level : levels) {
            for (ResnetBlock block : level.blocks) {
                f += block.flops(batch, side, side);
            }
            f += level.down.flops(batch, side, side);
            side = level.down.outputSize(side);
        }
        for (ResnetBlock block : mid) {
            f += block.flops(batch, side, side);
        }
        return f + convOut.flops(batch, side, side) + quant.flops(batch, side, side);
    }
}
