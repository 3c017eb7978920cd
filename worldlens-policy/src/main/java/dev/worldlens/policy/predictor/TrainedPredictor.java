package dev.worldlens.policy.predictor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;
import dev.worldlens.nn.train.Checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A video predictor with its frame autoencoder and latent standardisation: frames in, predicted frames (or, through
 * {@link PredictiveFeatures}, up-block activations) out. Opened from a finished predictor run folder.
 */
public final class TrainedPredictor implements AutoCloseable {
    private final VideoPredictor predictor;
    private final FrameAutoencoder autoencoder;
    private final LatentScale scale;

    TrainedPredictor(VideoPredictor predictor, FrameAutoencoder autoencoder, LatentScale scale) {
        if (autoencoder.latentChannels() != predictor.latentChannels()
                || autoencoder.latentSide() != predictor.latentSide()) {
            throw new IllegalArgumentException("the autoencoder's latents (" + autoencoder.latentChannels() + " x "
                    + autoencoder.latentSide() + "^2) do not match the predictor's (" + predictor.latentChannels()
                    + " x " + predictor.latentSide() + "^2)");
        }
        this.predictor = predictor;
        this.autoencoder = autoencoder;
        this.scale = scale;
    }

    /** Rebuilds the predictor of a finished run (its final checkpoint) and its autoencoder. */
    public static TrainedPredictor open(Path runDir) {
        PredictorSpec spec = PredictorSpec.read(runDir);
        Path checkpoint = Checkpoint.latest(runDir);
        if (checkpoint == null) {
            throw new InvalidInputException(runDir, "checkpoint", "no checkpoint; the predictor has not trained yet");
        }
        int done = Checkpoint.completedSteps(checkpoint);
        if (done < spec.config().steps()) {
            throw new InvalidInputException(runDir, "checkpoint", "the predictor stopped after " + done + " of "
                    + spec.config().steps() + " steps; finish the run first");
        }
        FrameAutoencoder autoencoder = FrameAutoencoder.open(spec.autoencoderPath(runDir));
        VideoPredictor predictor = VideoPredictor.create(spec.config(), spec.latentChannels(), spec.latentSide(),
                spec.vocabulary(), spec.config().seed());
        try {
            Checkpoint.loadWeights(checkpoint, predictor.parameters());
            return new TrainedPredictor(predictor, autoencoder, spec.scale());
        } catch (RuntimeException e) {
            predictor.close();
            autoencoder.close();
            throw e;
        }
    }

    public VideoPredictor predictor() {
        return predictor;
    }

    public FrameAutoencoder autoencoder() {
        return autoencoder;
    }

    public LatentScale scale() {
        return scale;
    }

    public PredictorConfig config() {
        return predictor.config();
    }

    /** Standardised latents [N, z, s, s] of frames (any size), on {@code scope}. */
    public NDArray latents(NDManager scope, List<RgbImage> frames) {
        int s = predictor.latentSide();
        float[] z = autoencoder.encode(frames);
        scale.normaliseInPlace(z, s);
        return scope.create(z, new Shape(frames.size(), predictor.latentChannels(), s, s));
    }

    /** Standardised latents [N, z, s, s] back to frames at the autoencoder's side. */
    public List<RgbImage> decode(NDArray latents) {
        try (NDManager scope = predictor.parameters().manager().newSubManager()) {
            NDArray z = scope.create(latents.toFloatArray(), latents.getShape());
            return autoencoder.decode(scale.denormalise(z));
        }
    }

    /** Frames through the autoencoder and back: what the predictor could show at best. */
    public List<RgbImage> reconstruct(List<RgbImage> frames) {
        try (NDManager scope = predictor.parameters().manager().newSubManager()) {
            return decode(latents(scope, frames));
        }
    }

    /**
     * Predicted clips (frames() frames each, at the autoencoder's side) from first frames, instructions and camera
     * indices, with the config's sampling steps and noise drawn from {@code seed}.
     */
    public List<List<RgbImage>> predict(List<RgbImage> firstFrames, List<String> instructions, int[] cameras,
                                        double guidance, long seed) {
        int t = predictor.frames();
        try (NDManager scope = predictor.parameters().manager().newSubManager()) {
            NDArray first = latents(scope, firstFrames);
            NDArray clips = predictor.sample(first, instructions, cameras, config().samplingSteps(), guidance, seed);
            Shape s = clips.getShape();
            List<RgbImage> all = decode(clips.reshape(s.get(0) * t, s.get(2), s.get(3), s.get(4)));
            List<List<RgbImage>> out = new ArrayList<>();
            for (int b = 0; b < firstFrames.size(); b++) {
                out.add(List.copyOf(all.subList(b * t, (b + 1) * t)));
            }
            return out;
        }
    }

    @Override
    public void close() {
        predictor.close();
        autoencoder.close();
    }
}
