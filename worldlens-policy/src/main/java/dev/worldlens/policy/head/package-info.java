/**
 * The trained half of the Video Prediction Policy (vpp.md sections 3 and 4): the {@link
 * dev.worldlens.policy.head.VideoFormer} (per-frame Perceiver cross-attention from learned queries over all views,
 * temporal self-attention across frames, FFN; or its bypass, the "w/o Video Former" baseline) and the {@link
 * dev.worldlens.policy.head.DiffusionActionHead} (an MDT-style DiT over [instruction token, Video Former tokens] that
 * denoises action chunks with EDM, sigmaData 0.5, and samples them with 10 deterministic DDIM steps). The
 * instruction token comes from learned word embeddings over the simulator's phrasings ({@link
 * dev.worldlens.policy.head.InstructionToken}), in the place of VPP's frozen CLIP text encoder.
 */
package dev.worldlens.policy.head;
