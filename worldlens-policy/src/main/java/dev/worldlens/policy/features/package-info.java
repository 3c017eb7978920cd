/**
 * Non-predictive {@link dev.worldlens.policy.VisualFeatures} for the baselines: {@link
 * dev.worldlens.policy.features.EncoderFeatures} reads the current frame of every camera with any frozen worldlens
 * Encoder (random ViT, raw pixels, a trained image-ssl or vae run, an imported model, or the state oracle).
 */
package dev.worldlens.policy.features;
