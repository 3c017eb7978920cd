package dev.worldlens.probe.fidelity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Rows;
import dev.worldlens.nn.train.StepLoss;
import dev.worldlens.nn.train.TrainingObjective;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Mean squared pixel error of a {@link PixelDecoder} on training frames, for the {@link
 * dev.worldlens.nn.train.TrainingLoop}: each step draws {@code batch} frames uniformly (with replacement) from the
 * step's random source, so a resumed run takes the same batches.
 */
final class DecoderObjective implements TrainingObjective {
    private final PixelDecoder decoder;
    private final Parameters params;
    private final NDArray features;
    private final NDArray targets;
    private final int frames;
    private final int batch;

    /** {@code features} [n, ...] standardised and {@code targets} [n, 3, H, W] on a manager that outlives training. */
    DecoderObjective(PixelDecoder decoder, Parameters params, NDArray features, NDArray targets, int batch) {
        this.decoder = decoder;
        this.params = params;
        this.features = features;
        this.targets = targets;
        this.frames = Math.toIntExact(features.getShape().get(0));
        this.batch = batch;
    }

    @Override
    public Parameters trained() {
        return params;
    }

    @Override
    public StepLoss loss(int step, SplittableRandom rng, NDManager scope) {
        long[] rows = new long[batch];
        for (int i = 0; i < batch; i++) {
            rows[i] = rng.nextInt(frames);
        }
        NDArray index = scope.create(rows, new Shape(batch));
        NDArray x = Rows.gather(features, index);
        NDArray y = Rows.gather(targets, index);
        NDArray mse = decoder.forward(x).sub(y).square().mean();
        return new StepLoss(mse, Map.of("mse", mse));
    }

    @Override
    public int framesPerStep() {
        return batch;
    }
}
