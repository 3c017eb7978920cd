package dev.worldlens.probe.fidelity;

/**
 * The one budget every encoder's fidelity decoder gets (study section 5.3: a decoder trained on each frozen
 * representation with fixed steps, so that PSNR compares representations, not training effort).
 *
 * @param steps          optimizer steps (AdamW, 5% warm-up, cosine decay to 1% of {@code lr}, no weight decay)
 * @param batch          frames per step, drawn uniformly from the training frames
 * @param lr             peak learning rate
 * @param channels       the decoder's width at its coarsest level (halved per 2x upsampling, at least 16)
 * @param maxTrainFrames training frames kept at most, evenly spaced over the training episodes' frames
 * @param maxEvalFrames  held-out frames scored at most, evenly spaced over the test episodes' frames
 * @param layer          the encoder layer read (-1 the last block)
 * @param camera         the camera whose frames are encoded and reconstructed
 * @param seed           draws the decoder's weights and every batch
 * @param threads        PyTorch intra-op threads set while this runs (process wide, restored after); 0 leaves them
 */
public record FidelityConfig(int steps, int batch, double lr, int channels, int maxTrainFrames, int maxEvalFrames,
                             int layer, String camera, long seed, int threads) {

    public FidelityConfig {
        if (steps < 1 || batch < 1 || !(lr > 0) || channels < 16 || channels % 8 != 0 || maxTrainFrames < 1
                || maxEvalFrames < 1 || camera == null || camera.isEmpty() || threads < 0) {
            throw new IllegalArgumentException("fidelity config needs steps, batch, frame caps >= 1, lr > 0, channels "
                    + "a multiple of 8 of at least 16, a camera and threads >= 0; got " + this);
        }
    }

    /**
     * 1,500 steps of 32 frames at lr 1e-3 (24 passes over 2,000 training frames), width 64, the last layer of the
     * top camera, seed 0. The study's decoder has 17M parameters (architecture and budget unconfirmed); this one has
     * about 0.2-1M (the most for wide pooled features, whose linear layer feeds a 4x4x64 map), sized for CPU, and
     * the same for all.
     */
    public static FidelityConfig defaults() {
        return new FidelityConfig(1500, 32, 1e-3, 64, 2000, 500, -1, "top", 0, 0);
    }

    public FidelityConfig withSteps(int s) {
        return new FidelityConfig(s, batch, lr, channels, maxTrainFrames, maxEvalFrames, layer, camera, seed, threads);
    }

    public FidelityConfig withBatch(int b) {
        return new FidelityConfig(steps, b, lr, channels, maxTrainFrames, maxEvalFrames, layer, camera, seed, threads);
    }

    public FidelityConfig withLearningRate(double l) {
        return new FidelityConfig(steps, batch, l, channels, maxTrainFrames, maxEvalFrames, layer, camera, seed, threads);
    }

    public FidelityConfig withChannels(int c) {
        return new FidelityConfig(steps, batch, lr, c, maxTrainFrames, maxEvalFrames, layer, camera, seed, threads);
    }

    public FidelityConfig withFrames(int train, int eval) {
        return new FidelityConfig(steps, batch, lr, channels, train, eval, layer, camera, seed, threads);
    }

    public FidelityConfig withLayer(int l) {
        return new FidelityConfig(steps, batch, lr, channels, maxTrainFrames, maxEvalFrames, l, camera, seed, threads);
    }

    public FidelityConfig withCamera(String c) {
        return new FidelityConfig(steps, batch, lr, channels, maxTrainFrames, maxEvalFrames, layer, c, seed, threads);
    }

    public FidelityConfig withSeed(long s) {
        return new FidelityConfig(steps, batch, lr, channels, maxTrainFrames, maxEvalFrames, layer, camera, s, threads);
    }

    public FidelityConfig withThreads(int t) {
        return new FidelityConfig(steps, batch, lr, channels, maxTrainFrames, maxEvalFrames, layer, camera, seed, t);
    }
}
