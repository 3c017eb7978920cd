package dev.worldlens.policy.predictor;

import ai.djl.ndarray.NDManager;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.train.StepLoss;
import dev.worldlens.nn.train.TrainingObjective;

import java.util.SplittableRandom;

/** The video predictor's EDM loss on clips drawn from the training latents, as the TrainingLoop sees it. */
final class PredictorObjective implements TrainingObjective {
    private final VideoPredictor predictor;
    private final LatentClips clips;
    private final int batch;

    PredictorObjective(VideoPredictor predictor, LatentClips clips, int batch) {
        this.predictor = predictor;
        this.clips = clips;
        this.batch = batch;
    }

    @Override
    public Parameters trained() {
        return predictor.parameters();
    }

    /** Draws the clips, then (inside the predictor's loss) dropout, sigmas and noise, all from {@code rng}. */
    @Override
    public StepLoss loss(int step, SplittableRandom rng, NDManager scope) {
        LatentClips.Batch b = clips.batch(rng, batch);
        return predictor.loss(b.latents(), b.instructions(), b.cameras(), rng, scope);
    }

    @Override
    public int framesPerStep() {
        return batch * predictor.frames();
    }
}
