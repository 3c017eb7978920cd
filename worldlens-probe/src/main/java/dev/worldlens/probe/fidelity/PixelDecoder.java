package dev.worldlens.probe.fidelity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Linear;
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
 * The fidelity decoder: frozen features back to the frame, built from the LDM VAE decoder's parts. A token grid
 * [D, h, w] enters through a 3x3 convolution; pooled features [D] through a linear layer to a small grid (the
 * coarsest power-of-two reduction of the frame with sides of at least 4). Then a residual block, and per 2x step a
 * nearest upsampling followed by a residual block that halves the width (at least 16 channels), and GroupNorm,
 * SiLU and a zero-initialised 3x3 convolution to RGB, unsquashed as LDM's: the difference to a frame the caller adds
 * ({@link FidelityJob} adds the mean training frame and clamps to [0, 1] when scoring).
 *
 * <p>Parameters under "dec.": {@code in} (conv or linear), {@code block0}, {@code up<i>}, {@code norm_out},
 * {@code conv_out}.
 */
public final class PixelDecoder {
    public static final int GROUPS = 8;
    private static final int MIN_WIDTH = 16;
    private static final int MIN_SIDE = 4;

    private final DecoderInput input;
    private final int startRows;
    private final int startCols;
    private final int startWidth;
    private final Conv2dLayer convIn;
    private final Linear linearIn;
    private final ResnetBlock first;
    private final List<ResnetBlock> ups;
    private final GroupNorm normOut;
    private final Conv2dLayer convOut;

    private PixelDecoder(DecoderInput input, int startRows, int startCols, int startWidth, Conv2dLayer convIn,
                         Linear linearIn, ResnetBlock first, List<ResnetBlock> ups, GroupNorm normOut,
                         Conv2dLayer convOut) {
        this.input = input;
        this.startRows = startRows;
        this.startCols = startCols;
        this.startWidth = startWidth;
        this.convIn = convIn;
        this.linearIn = linearIn;
        this.first = first;
        this.ups = ups;
        this.normOut = normOut;
        this.convOut = convOut;
    }

    /**
     * A decoder from {@code input} to frames of {@code width x height} with {@code channels} at its coarsest level;
     * weights drawn from {@code rng} into {@code params}.
     */
    public static PixelDecoder create(Parameters params, DecoderInput input, int width, int height, int channels,
                                      SplittableRandom rng) {
        int levels = input.grid() ? levelsFromGrid(input, width, height) : levelsFromFrame(width, height);
        int rows = height >> levels;
        int cols = width >> levels;
        Conv2dLayer convIn = null;
        Linear linearIn = null;
        if (input.grid()) {
            convIn = Conv2dLayer.same(params, "dec.in", input.width(), channels, 3, rng);
        } else {
            linearIn = Linear.create(params, "dec.in", input.width(), channels * rows * cols, rng);
        }
        ResnetBlock first = ResnetBlock.create(params, "dec.block0", channels, channels, GROUPS, rng);
        List<ResnetBlock> ups = new ArrayList<>();
        int c = channels;
        for (int i = 0; i < levels; i++) {
            int next = Math.max(MIN_WIDTH, c / 2 / GROUPS * GROUPS);
            ups.add(ResnetBlock.create(params, "dec.up" + i, c, next, GROUPS, rng));
            c = next;
        }
        GroupNorm normOut = GroupNorm.create(params, "dec.norm_out", c, GROUPS);
        // zero-initialised (as ControlNet's zero convolutions): the untrained decoder outputs exactly the frame the
        // caller adds (the mean training frame), and training starts from that baseline rather than from noise
        Conv2dLayer convOut = new Conv2dLayer(params.constant("dec.conv_out.weight", 0f, 3, c, 3, 3),
                params.constant("dec.conv_out.bias", 0f, 3), 1, 1, 1);
        return new PixelDecoder(input, rows, cols, channels, convIn, linearIn, first, List.copyOf(ups), normOut,
                convOut);
    }

    /** 2x steps from the grid to the frame (the grid tiles the frame, see {@link DecoderInput#of}). */
    private static int levelsFromGrid(DecoderInput input, int width, int height) {
        int f = height / input.rows();
        if (height % input.rows() != 0 || width != input.cols() * f || Integer.bitCount(f) != 1) {
            throw new IllegalArgumentException("a " + input.rows() + "x" + input.cols() + " grid does not tile a "
                    + width + "x" + height + " frame by a power of two");
        }
        return Integer.numberOfTrailingZeros(f);
    }

    /** The most halvings that keep both sides whole and at least {@link #MIN_SIDE}. */
    private static int levelsFromFrame(int width, int height) {
        int levels = 0;
        while (height % (2 << levels) == 0 && width % (2 << levels) == 0
                && Math.min(height, width) / (2 << levels) >= MIN_SIDE) {
            levels++;
        }
        return levels;
    }

    public DecoderInput input() {
        return input;
    }

    /** Standardised features [B, D, h, w] or [B, D] -> frame residuals [B, 3, H, W] in [0, 1] pixel units. */
    public NDArray forward(NDArray features) {
        long b = features.getShape().get(0);
        NDArray x = input.grid() ? convIn.forward(features)
                : linearIn.forward(features).reshape(new Shape(b, startWidth, startRows, startCols));
        x = first.forward(x);
        for (ResnetBlock up : ups) {
            x = up.forward(NearestUpsample.apply(x, 2));
        }
        return convOut.forward(Silu.apply(normOut.forward(x)));
    }
}
