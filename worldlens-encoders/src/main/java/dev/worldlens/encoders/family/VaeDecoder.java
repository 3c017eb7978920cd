package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.conv.Conv2dLayer;
import dev.worldlens.nn.conv.GroupNorm;
import dev.worldlens.nn.conv.NearestUpsample;
import dev.worldlens.nn.conv.ResnetBlock;
import dev.worldlens.nn.conv.Silu;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The decoder of the toy KL autoencoder, laid out as the Stable Diffusion (LDM) VAE's {@code Decoder}: the 1x1
 * {@code post_quant_conv}, a 3x3 {@code conv_in} to the deepest width, two middle residual blocks, then from the
 * deepest level up: {@code blocksPerLevel} residual blocks to the level's width followed by a 2x nearest upsampling
 * and a 3x3 convolution (LDM's {@code Upsample(with_conv=True)}), and finally GroupNorm, SiLU and a 3x3
 * {@code conv_out} to RGB (no output squashing, as LDM). LDM runs one residual block more per level than the encoder
 * and the last level at full resolution; here the blocks run before each upsampling, which keeps the full-resolution
 * work to one convolution.
 */
final class VaeDecoder {
    private record Level(List<ResnetBlock> blocks, Conv2dLayer upConv) {
    }

    private final Conv2dLayer postQuant;
    private final Conv2dLayer convIn;
    private final List<ResnetBlock> mid; // LDM's block_1 and block_2
    private final List<Level> levels; // deepest first
    private final GroupNorm normOut;
    private final Conv2dLayer convOut;

    private VaeDecoder(Conv2dLayer postQuant, Conv2dLayer convIn, List<ResnetBlock> mid, List<Level> levels,
                       GroupNorm normOut, Conv2dLayer convOut) {
        this.postQuant = postQuant;
        this.convIn = convIn;
        this.mid = mid;
        this.levels = levels;
        this.normOut = normOut;
        this.convOut = convOut;
    }

    /** Mirrors an encoder of level widths {@code widths}; parameters under {@code prefix}, drawn from {@code rng}. */
    static VaeDecoder create(Parameters params, String prefix, int[] widths, int blocksPerLevel, int latentChannels,
                             int groups, SplittableRandom rng) {
        int in = widths[widths.length - 1];
        Conv2dLayer postQuant = Conv2dLayer.same(params, prefix + "post_quant_conv", latentChannels, latentChannels,
                1, rng);
        Conv2dLayer convIn = Conv2dLayer.same(params, prefix + "conv_in", latentChannels, in, 3, rng);
        List<ResnetBlock> mid = List.of(ResnetBlock.create(params, prefix + "mid.block_1", in, in, groups, rng),
                ResnetBlock.create(params, prefix + "mid.block_2", in, in, groups, rng));
        List<Level> levels = new ArrayList<>();
        for (int i = widths.length - 1; i >= 0; i--) {
            List<ResnetBlock> blocks = new ArrayList<>();
            for (int j = 0; j < blocksPerLevel; j++) {
                blocks.add(ResnetBlock.create(params, prefix + "up" + i + ".block" + j, in, widths[i], groups, rng));
                in = widths[i];
            }
            Conv2dLayer up = Conv2dLayer.same(params, prefix + "up" + i + ".upsample", in, in, 3, rng);
            levels.add(new Level(List.copyOf(blocks), up));
        }
        GroupNorm normOut = GroupNorm.create(params, prefix + "norm_out", in, groups);
        Conv2dLayer convOut = Conv2dLayer.same(params, prefix + "conv_out", in, 3, 3, rng);
        return new VaeDecoder(postQuant, convIn, mid, List.copyOf(levels), normOut, convOut);
    }

    /** Latents [B, z, h, w] -> images [B, 3, h * 2^levels, w * 2^levels]. */
    NDArray forward(NDArray latents) {
        NDArray x = convIn.forward(postQuant.forward(latents));
        for (ResnetBlock block : mid) {
            x = block.forward(x);
        }
        for (Level level : levels) {
            for (ResnetBlock block : level.blocks) {
                x = block.forward(x);
            }
            x = level.upConv.forward(NearestUpsample.apply(x, 2));
        }
        return convOut.forward(Silu.apply(normOut.forward(x)));
    }

    /** Forward FLOPs of the convolutions for {@code batch} latents of side {@code side}. */
    double flops(int batch, int side) {
        double f = postQuant.flops(batch, side, side) + convIn.flops(batch, side, side);
        for (ResnetBlock block : mid) {
            f += block.flops(batch, side, side);
        }
        for (Level level : levels) {
            for (ResnetBlock block : level.blocks) {
                f += block.flops(batch, side, side);
            }
            side *= 2;
            f += level.upConv.flops(batch, side, side);
        }
        return f + convOut.flops(batch, side, side);
    }
}
