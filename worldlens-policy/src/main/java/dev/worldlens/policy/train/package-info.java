/**
 * Stage 2 of VPP (vpp.md section 5): {@link dev.worldlens.policy.train.PolicyTrainer} trains the Video Former and
 * action head on frozen {@link dev.worldlens.policy.VisualFeatures} from the language windows of training episodes
 * ({@link dev.worldlens.policy.train.ChunkSamples}), with AdamW, warm-up and cosine decay through the shared
 * TrainingLoop (checkpoints, exact resume), validates by the action MSE of sampled chunks on held-out episodes and
 * keeps the best policy.
 */
package dev.worldlens.policy.train;
