package dev.worldlens.policy.predictor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Scalars;
import dev.worldlens.nn.conv.Conv2dLayer;
import dev.worldlens.nn.conv.GroupNorm;
import dev.worldlens.nn.conv.NearestUpsample;
import dev.worldlens.nn.conv.ResnetBlock;
import dev.worldlens.nn.conv.Silu;
import dev.worldlens.nn.vit.VisionTransformer;

import java.util.SplittableRandom;

/**
 * The denoiser of the video predictor: Stable Video Diffusion's spatio-temporal UNet (vpp.md section 1.1) cut down to
 * two resolution levels. Frames are the batch of 2-D residual blocks (LDM's {@link ResnetBlock}, with the conditioning
 * vector added as a per-channel shift), and every block is followed by attention across the clip's frames at each
 * position (SVD's temporal transformer); the half-resolution level and the middle also attend spatially within each
 * frame. Layout, with {@code w0 = width}, {@code w1 = deepWidth} at latent side {@code s}:
 *
 * <pre>
 * conv_in (2z -> w0)                                   noisy latents and the first frame's latent, on channels
 * down0:  res(w0 -> w0), temporal                      s      -> skip0
 *         conv 3x3 stride 2                            s/2
 * down1:  res(w0 -> w1), spatial, temporal             s/2    -> skip1
 * mid:    res(w1), spatial, temporal, res(w1)          s/2
 * up0:    res([mid, skip1] -> w1), spatial, temporal, nearest x2 + conv 3x3    -> up-block 0 output, w1 at s
 * up1:    res([up0, skip0] -> w0), temporal                                   -> up-block 1 output, w0 at s
 * out:    GroupNorm, SiLU, conv 3x3 (w0 -> z)
 * </pre>
 *
 * <p>Attention is pre-norm (LayerNorm over channels) multi-head self-attention with a residual; its output projection
 * starts at zero, as SVD's temporal layers are initialised to leave the image model untouched, so a fresh network is
 * a per-frame UNet. Temporal attention adds a fixed sin-cos frame-index embedding to its normed input. Parameters
 * under {@code prefix}, drawn from one SplittableRandom in a fixed order.
 */
final class VideoUNet {
    private static final float LN_EPS = 1e-5f;

    private record Attention(NDArray lnG, NDArray lnB, Linear qkv, Linear proj, int heads, NDArray position) {
    }

    private final int frames;
    private final int width;
    private final int deepWidth;
    private final Conv2dLayer convIn;
    private final ResnetBlock down0;
    private final Attention down0T;
    private final Conv2dLayer downsample;
    private final ResnetBlock down1;
    private final Attention down1S;
    private final Attention down1T;
    private final ResnetBlock mid1;
    private final Attention midS;
    private final Attention midT;
    private final ResnetBlock mid2;
    private final ResnetBlock up0;
    private final Attention up0S;
    private final Attention up0T;
    private final Conv2dLayer upConv;
    private final ResnetBlock up1;
    private final Attention up1T;
    private final GroupNorm normOut;
    private final Conv2dLayer convOut;
    private final Linear[] shifts; // conditioning vector -> channel shift, one per residual block taking it

    /** The up-block outputs the predictive representation reads (vpp.md section 2). */
    record UpBlocks(NDArray up0, NDArray up1) {
    }

    VideoUNet(Parameters p, String prefix, int latentChannels, int frames, int width, int deepWidth, int heads,
              int groups, int embedWidth, SplittableRandom rng) {
        this.frames = frames;
        this.width = width;
        this.deepWidth = deepWidth;
        NDArray timeW0 = timePositions(p, frames, width);
        NDArray timeW1 = timePositions(p, frames, deepWidth);
        convIn = Conv2dLayer.same(p, prefix + "conv_in", 2 * latentChannels, width, 3, rng);
        down0 = ResnetBlock.create(p, prefix + "down0.res", width, width, groups, rng);
        down0T = attention(p, prefix + "down0.temporal", width, heads, timeW0, rng);
        downsample = Conv2dLayer.create(p, prefix + "down0.downsample", width, width, 3, 2, 1, 1, rng);
        down1 = ResnetBlock.create(p, prefix + "down1.res", width, deepWidth, groups, rng);
        down1S = attention(p, prefix + "down1.spatial", deepWidth, heads, null, rng);
        down1T = attention(p, prefix + "down1.temporal", deepWidth, heads, timeW1, rng);
        mid1 = ResnetBlock.create(p, prefix + "mid.res1", deepWidth, deepWidth, groups, rng);
        midS = attention(p, prefix + "mid.spatial", deepWidth, heads, null, rng);
        midT = attention(p, prefix + "mid.temporal", deepWidth, heads, timeW1, rng);
        mid2 = ResnetBlock.create(p, prefix + "mid.res2", deepWidth, deepWidth, groups, rng);
        up0 = ResnetBlock.create(p, prefix + "up0.res", 2 * deepWidth, deepWidth, groups, rng);
        up0S = attention(p, prefix + "up0.spatial", deepWidth, heads, null, rng);
        up0T = attention(p, prefix + "up0.temporal", deepWidth, heads, timeW1, rng);
        upConv = Conv2dLayer.same(p, prefix + "up0.upsample", deepWidth, deepWidth, 3, rng);
        up1 = ResnetBlock.create(p, prefix + "up1.res", deepWidth + width, width, groups, rng);
        up1T = attention(p, prefix + "up1.temporal", width, heads, timeW0, rng);
        normOut = GroupNorm.create(p, prefix + "norm_out", width, groups);
        convOut = Conv2dLayer.same(p, prefix + "conv_out", width, latentChannels, 3, rng);
        int[] outs = {width, deepWidth, deepWidth, deepWidth, deepWidth, width};
        String[] names = {"down0", "down1", "mid1", "mid2", "up0", "up1"};
        shifts = new Linear[outs.length];
        for (int i = 0; i < outs.length; i++) {
            shifts[i] = Linear.create(p, prefix + names[i] + ".emb", embedWidth, outs[i], rng);
        }
    }

    private static NDArray timePositions(Parameters p, int frames, int channels) {
        float[] pos = VisionTransformer.sinCosPositionEmbedding(channels, 1, 1, frames);
        return p.manager().create(pos, new Shape(frames, channels));
    }

    private static Attention attention(Parameters p, String name, int channels, int heads, NDArray position,
                                       SplittableRandom rng) {
        NDArray g = p.constant(name + ".norm.weight", 1f, channels);
        NDArray b = p.constant(name + ".norm.bias", 0f, channels);
        Linear qkv = Linear.create(p, name + ".qkv", channels, 3 * channels, rng);
        Linear proj = new Linear(p.constant(name + ".proj.weight", 0f, channels, channels),
                p.constant(name + ".proj.bias", 0f, channels));
        return new Attention(g, b, qkv, proj, heads, position);
    }

    int width() {
        return width;
    }

    int deepWidth() {
        return deepWidth;
    }

    /**
     * The raw network output F [B*T, z, s, s] for input [B*T, 2z, s, s] (preconditioned noisy latents and the
     * conditioning latent on channels, frames of a clip consecutive) and conditioning vectors {@code emb} [B*T, E].
     */
    NDArray forward(NDArray input, NDArray emb) {
        Trunk t = trunk(input, emb);
        return convOut.forward(Silu.apply(normOut.forward(t.up1)));
    }

    /** Only as far as the up-blocks the features read (the output head is skipped). */
    UpBlocks upBlocks(NDArray input, NDArray emb) {
        Trunk t = trunk(input, emb);
        return new UpBlocks(t.up0, t.up1);
    }

    private record Trunk(NDArray up0, NDArray up1) {
    }

    private Trunk trunk(NDArray input, NDArray emb) {
        NDArray e = Silu.apply(emb);
        NDArray h = convIn.forward(input);
        NDArray skip0 = temporal(down0T, down0.forward(h, shifts[0].forward(e)));
        h = downsample.forward(skip0);
        h = down1.forward(h, shifts[1].forward(e));
        NDArray skip1 = temporal(down1T, spatial(down1S, h));
        h = mid1.forward(skip1, shifts[2].forward(e));
        h = temporal(midT, spatial(midS, h));
        h = mid2.forward(h, shifts[3].forward(e));
        h = up0.forward(h.concat(skip1, 1), shifts[4].forward(e));
        h = temporal(up0T, spatial(up0S, h));
        NDArray upBlock0 = upConv.forward(NearestUpsample.apply(h, 2));
        h = up1.forward(upBlock0.concat(skip0, 1), shifts[5].forward(e));
        NDArray upBlock1 = temporal(up1T, h);
        return new Trunk(upBlock0, upBlock1);
    }

    /** Self-attention among the pixels of each frame: [N, C, H, W] as N sequences of H*W tokens. */
    private NDArray spatial(Attention a, NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long hw = s.get(2) * s.get(3);
        NDArray tokens = x.reshape(n, c, hw).transpose(0, 2, 1);
        NDArray out = attend(a, tokens);
        return x.add(out.transpose(0, 2, 1).reshape(s));
    }

    /** Self-attention among the frames of each clip at each pixel: [B*T, C, H, W] as B*H*W sequences of T tokens. */
    private NDArray temporal(Attention a, NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0) / frames;
        long c = s.get(1);
        long hw = s.get(2) * s.get(3);
        NDArray tokens = x.reshape(b, frames, c, hw).transpose(0, 3, 1, 2).reshape(b * hw, frames, c);
        NDArray out = attend(a, tokens);
        return x.add(out.reshape(b, hw, frames, c).transpose(0, 2, 3, 1).reshape(s));
    }

    /** Pre-norm multi-head self-attention on tokens [N, L, C]; returns the residual branch. */
    private static NDArray attend(Attention a, NDArray tokens) {
        Shape s = tokens.getShape();
        long n = s.get(0);
        long l = s.get(1);
        long c = s.get(2);
        int heads = a.heads;
        long hd = c / heads;
        NDArray x = LayerNorm.layerNorm(tokens, new Shape(c), a.lnG, a.lnB, LN_EPS).singletonOrThrow();
        if (a.position != null) {
            x = x.add(a.position);
        }
        NDArray qkv = a.qkv.forward(x).reshape(n, l, 3, heads, hd).transpose(2, 0, 3, 1, 4);
        NDList parts = qkv.split(3, 0);
        NDArray q = Scalars.mul(parts.get(0).reshape(n, heads, l, hd), 1.0 / Math.sqrt(hd));
        NDArray k = parts.get(1).reshape(n, heads, l, hd);
        NDArray v = parts.get(2).reshape(n, heads, l, hd);
        NDArray attn = q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1);
        NDArray o = attn.matMul(v).transpose(0, 2, 1, 3).reshape(n, l, c);
        return a.proj.forward(o);
    }
}
