package dev.worldlens.probe;

/**
 * What an encode run depends on (config.yaml of the feature store): the encoder's name, the layer, the camera, the
 * pooling, whether tokens are kept, the batch size, and the data it reads (path and fingerprint).
 */
public record EncodeConfig(String encoder, int layer, String camera, String pooling, boolean keepTokens,
                           int batchSize, String data, String dataFingerprint) {
}
