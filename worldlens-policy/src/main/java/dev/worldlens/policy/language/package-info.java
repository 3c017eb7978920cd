/**
 * Instructions to vectors, shared by both VPP stages: the {@link dev.worldlens.policy.language.InstructionEncoder}
 * hook (where a frozen CLIP text export would plug in) and its default, learned word embeddings mean-pooled over the
 * instruction ({@link dev.worldlens.policy.language.WordEmbeddingInstructions}).
 */
package dev.worldlens.policy.language;
