package dev.worldlens.policy.predictor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.core.Fingerprint;
import dev.worldlens.core.RgbImage;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.VisualFeatures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * VPP's predictive visual representation (vpp.md section 2): one forward pass of the frozen video predictor per
 * camera, on pure noise at a high noise level conditioned on the current frame and the instruction, read out inside
 * the UNet instead of denoised.
 *
 * <p>Choices, after VPP's CALVIN configuration ({@code use_all_layer=True}, {@code extract_layer_idx=1}):
 * <ul>
 *   <li>Noise level {@code featureSigma} (default the sampler's sigmaMax, 80): VPP's pass runs at SVD's sigma_max
 *       (700), where the scaled input is essentially pure noise; so is ours (cIn * sigma * n with cIn sigma = 0.99992).
 *       The noise is drawn once from {@code noiseSeed} and is the same for every observation, so the features are a
 *       deterministic function of frame and instruction (vpp.md suggests fixing the seed; VPP itself draws fresh
 *       noise per call).</li>
 *   <li>Blocks: the outputs of up-block 0 (deepWidth channels, after its 2x upsampler, so at the latent side) and
 *       up-block 1 (width channels, at the latent side): both up-blocks of this two-level UNet, as VPP reads SVD's
 *       first two up-blocks and skips the high-resolution rest.</li>
 *   <li>Grid: both are average-pooled to featureGrid x featureGrid (default half the latent side, VPP's 16 of 32)
 *       and concatenated on channels (deepWidth + width); VPP interpolates to its finest read-out block instead, which
 *       here would give four times the tokens for the Video Former to attend over at no gain in content.</li>
 *   <li>Layout: per frame, the views' grids one after the other, each row-major, so tokens are
 *       [B, frames, views x featureGrid^2, deepWidth + width], frames in prediction order (frame 0 is the
 *       current frame's slot).</li>
 * </ul>
 */
public final class PredictiveFeatures implements VisualFeatures {
    public static final long DEFAULT_NOISE_SEED = 17;

    private final TrainedPredictor predictor;
    private final boolean owned;
    private final List<String> observationCameras;
    private final double sigma;
    private final float[] noise; // [T, z, s, s], standard normal times sigma
    private String identity;

    /**
     * Features of {@code predictor}; {@code observationCameras} names, for each camera the predictor was trained on
     * (in its config's order), the observation key that holds its image. {@code owned}: close the predictor with this.
     */
    public PredictiveFeatures(TrainedPredictor predictor, List<String> observationCameras, double sigma,
                              long noiseSeed, boolean owned) {
        List<String> trained = predictor.config().cameras();
        if (observationCameras.size() != trained.size()) {
            throw new IllegalArgumentException("the predictor was trained on cameras " + trained + "; give one "
                    + "observation key for each, got " + observationCameras);
        }
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("feature noise level must be positive, got " + sigma);
        }
        this.predictor = predictor;
        this.owned = owned;
        this.observationCameras = List.copyOf(observationCameras);
        this.sigma = sigma;
        VideoPredictor p = predictor.predictor();
        int s = p.latentSide();
        this.noise = new float[p.frames() * p.latentChannels() * s * s];
        SplittableRandom rng = new SplittableRandom(noiseSeed);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (rng.nextGaussian() * sigma);
        }
        if (s % p.config().featureGrid() != 0) {
            throw new IllegalArgumentException("featureGrid " + p.config().featureGrid() + " must divide the latent "
                    + "side " + s);
        }
    }

    /**
     * The predictor's weights, the fixed noise (its level and seed) and the cameras, fingerprinted: two runs that
     * would compute different tokens never share a cache.
     */
    @Override
    public String identity() {
        if (identity == null) {
            Fingerprint f = new Fingerprint().add(getClass().getName()).add(String.join(",", observationCameras))
                    .add(predictor.config().toString()).add(noise);
            new java.util.TreeMap<>(predictor.predictor().parameters().all()).forEach((name, array) ->
                    f.add(name).add(array.toFloatArray()));
            identity = "vpp " + f.hex();
        }
        return identity;
    }

    /** The features of a finished predictor run, at its featureSigma, for observations keyed by {@code cameras}. */
    public static PredictiveFeatures open(Path predictorRun, List<String> observationCameras) {
        TrainedPredictor p = TrainedPredictor.open(predictorRun);
        try {
            return new PredictiveFeatures(p, observationCameras, p.config().featureSigma(), DEFAULT_NOISE_SEED, true);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    @Override
    public int frames() {
        return predictor.predictor().frames();
    }

    @Override
    public int tokensPerFrame() {
        int g = predictor.config().featureGrid();
        return observationCameras.size() * g * g;
    }

    @Override
    public int channels() {
        return predictor.predictor().featureChannels();
    }

    @Override
    public NDArray tokens(NDManager manager, List<Observation> batch) {
        VideoPredictor p = predictor.predictor();
        int b = batch.size();
        int views = observationCameras.size();
        int t = p.frames();
        int z = p.latentChannels();
        int s = p.latentSide();
        int g = p.config().featureGrid();
        List<RgbImage> images = new ArrayList<>(b * views);
        List<String> text = new ArrayList<>(b * views);
        int[] cameras = new int[b * views];
        for (int i = 0; i < b; i++) {
            Observation o = batch.get(i);
            for (int v = 0; v < views; v++) {
                images.add(o.image(observationCameras.get(v)));
                text.add(o.instruction());
                cameras[i * views + v] = v;
            }
        }
        float[] values;
        try (NDManager scope = p.parameters().manager().newSubManager()) {
            NDArray first = predictor.latents(scope, images);
            NDArray noisy = scope.create(noise, new Shape(1, t, z, s, s)).broadcast(new Shape((long) b * views, t, z, s, s));
            VideoUNet.UpBlocks up = p.upBlocks(noisy, sigma, first, text, cameras);
            NDArray maps = pool(up.up0(), g).concat(pool(up.up1(), g), 1); // [B*V*T, C, g, g]
            long c = maps.getShape().get(1);
            values = maps.reshape(b, views, t, c, (long) g * g).transpose(0, 2, 1, 4, 3)
                    .reshape(b, t, (long) views * g * g, c).toFloatArray();
        }
        // a fresh array on the caller's manager: nothing of the predictor's graph comes along
        return manager.create(values, new Shape(b, t, tokensPerFrame(), channels()));
    }

    /** Average pooling of [N, C, S, S] to [N, C, g, g] (g divides S). */
    private static NDArray pool(NDArray x, int g) {
        Shape s = x.getShape();
        long k = s.get(2) / g;
        if (k == 1) {
            return x;
        }
        return x.reshape(s.get(0), s.get(1), g, k, g, k).mean(new int[]{5}).mean(new int[]{3});
    }

    @Override
    public void close() {
        if (owned) {
            predictor.close();
        }
    }
}
