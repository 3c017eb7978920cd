package dev.worldlens.probe.fidelity;

/**
 * Visual fidelity of one encoder (study section 5.3), on held-out frames at the encoder's input size, 8-bit, peak
 * 255. PSNR is the mean over frames of each frame's PSNR (bounded at {@link dev.worldlens.core.metrics.Psnr#CAP_DB});
 * SSIM the mean over frames of {@link dev.worldlens.core.metrics.Ssim} (RGB channels averaged).
 *
 * @param encoder           the encoder card's name
 * @param family            its family
 * @param layer             the layer read (resolved)
 * @param decoderInput      what the decoder read: "grid RxCxD" or "pooled D"
 * @param decoderParameters the decoder's parameter count
 * @param steps             training steps of the decoder
 * @param trainFrames       frames it was trained on
 * @param evalFrames        held-out frames scored
 * @param trainLoss         the decoder's mean squared error ([0, 1] pixels) over its last logged steps
 * @param psnr              the probe decoder's PSNR in dB
 * @param ssim              the probe decoder's SSIM
 * @param baselinePsnr      PSNR of the mean training frame shown for every frame: what features without
 *                          information about the frame give
 * @param baselineSsim      SSIM of that mean frame
 * @param nativePsnr        PSNR of the encoder's own decoder ({@link dev.worldlens.encoders.Encoder#reconstructor()}),
 *                          null when it has none. Not always comparable with {@code psnr}: VideoMAE's decoder
 *                          predicts normalised tubelets, which are mapped back with the true tubelets' means and
 *                          contrasts, so its native figure is given part of the answer (an untrained VideoMAE scores
 *                          well above the mean frame); the VAE and the shortcut tokenizer decode from their latents
 *                          alone
 * @param nativeSsim        SSIM of the encoder's own decoder, null when it has none
 */
public record FidelityResult(String encoder, String family, int layer, String decoderInput, long decoderParameters,
                             int steps, int trainFrames, int evalFrames, double trainLoss, double psnr, double ssim,
                             double baselinePsnr, double baselineSsim, Double nativePsnr, Double nativeSsim) {
}
