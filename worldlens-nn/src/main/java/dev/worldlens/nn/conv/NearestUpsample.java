package dev.worldlens.nn.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Nearest-neighbour upsampling of [B, C, H, W] by an integer factor: every pixel becomes a factor x factor block.
 * Followed by a 3x3 convolution it is the upsampler of the Stable Diffusion VAE decoder and the LDM UNet
 * ({@code Upsample(with_conv=True)}), which avoids the checkerboard artefacts of transposed convolutions (Odena et
 * al., 2016); DJL's PyTorch engine has no transposed convolution either. Differentiable; the result lives on x's
 * manager.
 */
public final class NearestUpsample {
    private NearestUpsample() {
    }

    public static NDArray apply(NDArray x, int factor) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || factor < 1) {
            throw new IllegalArgumentException("upsampling expects [B, C, H, W] and a positive factor, got " + s
                    + " and " + factor);
        }
        if (factor == 1) {
            return x;
        }
        // each pixel broadcast to a factor x factor block; NDArray.repeat (repeat_interleave through DJL) made
        // training runs go NaN now and then with a finite loss (see VisionTransformer.keepTokens)
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(b, c, h, 1, w, 1).broadcast(new Shape(b, c, h, factor, w, factor))
                .reshape(b, c, h * factor, w * factor);
    }
}
