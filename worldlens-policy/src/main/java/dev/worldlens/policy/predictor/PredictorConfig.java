package dev.worldlens.policy.predictor;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Required;
import dev.worldlens.nn.noise.EdmSchedule;
import dev.worldlens.nn.train.TrainingConfig;

import java.util.List;

/**
 * Everything stage 1 of VPP (the text-guided video predictor) is built and trained with; one record so that a run
 * folder's config.yaml holds the whole recipe. {@link #quick()} is sized for a CPU run of minutes, {@link #tiny()} for
 * tests.
 *
 * <p>Diffusion settings follow VPP's released TVP training (vpp.md section 1.2): latents standardised per channel so
 * that {@code sigmaData} is 1, ln(sigma) ~ N(0.7, 1.6^2) rather than EDM's image setting N(-1.2, 1.2^2), which
 * is tuned for sigmaData 0.5 and would almost never show the network the high noise levels that the feature pass
 * ({@code featureSigma}) and the sampler's first steps run at; 5% instruction dropout.
 *
 * @param cameras             cameras trained on, each its own sample with its index embedded (order matters)
 * @param frameSize           side both cameras are resized to before the autoencoder
 * @param frames              frames per predicted clip (frame 0 is the conditioning frame itself, as in SVD/VPP)
 * @param stride              frame stride inside a clip, and the stride between clip starts (VPP: 2 and 2)
 * @param width               channels of the UNet's full-resolution level
 * @param deepWidth           channels of its half-resolution level and middle
 * @param heads               attention heads (spatial and temporal); must divide both widths
 * @param groups              GroupNorm groups; must divide both widths
 * @param embedWidth          width of the conditioning vector (noise level + instruction + camera), and of words
 * @param featureGrid         side of the grid the up-block features are pooled to (VPP: half the latent side)
 * @param sigmaData           standard deviation of the (standardised) latents
 * @param pMean               mean of ln(sigma) in training
 * @param pStd                standard deviation of ln(sigma) in training
 * @param sigmaMin            smallest sampler noise level
 * @param sigmaMax            largest sampler noise level (the sampler starts from pure noise at it)
 * @param featureSigma        the one noise level of the feature pass (VPP: the scheduler's maximum)
 * @param instructionDropout  probability that a training clip is shown the empty instruction
 * @param batch               clips per step
 * @param steps               predictor training steps
 * @param learningRate        peak AdamW rate (warm-up 5%, cosine to 1%)
 * @param samplingSteps       Heun steps of the sampler (2 network calls each but the last)
 * @param heldOutEpisodes     episodes kept out of training, whose clips the sample GIFs show
 * @param sampleClips         sample GIFs written at the end (per camera)
 * @param autoencoderRun      a finished {@code worldlens pretrain --family vae} run folder, or "" to train one here
 * @param autoencoderFactor   downsampling factor of an autoencoder trained here (power of two)
 * @param autoencoderWidth    first-level channels of an autoencoder trained here
 * @param latentChannels      latent channels of an autoencoder trained here
 * @param autoencoderSteps    training steps of an autoencoder trained here (batch 16, lr 1e-3); unused with a run
 * @param seed                weights, batches, noise and held-out episodes
 */
public record PredictorConfig(List<String> cameras, int frameSize, int frames, int stride, int width, int deepWidth,
                              int heads, int groups, int embedWidth, int featureGrid, double sigmaData, double pMean,
                              double pStd, double sigmaMin, double sigmaMax, double featureSigma,
                              double instructionDropout, int batch, int steps, double learningRate,
                              int samplingSteps, int heldOutEpisodes, int sampleClips, String autoencoderRun,
                              int autoencoderFactor, int autoencoderWidth, int latentChannels, int autoencoderSteps,
                              long seed) {

    public PredictorConfig {
        cameras = List.copyOf(cameras);
        check(!cameras.isEmpty(), "cameras", "at least one camera");
        check(frameSize >= 8, "frameSize", "at least 8 pixels, got " + frameSize);
        check(frames >= 2, "frames", "at least 2 frames per clip, got " + frames);
        check(stride >= 1, "stride", "a positive stride, got " + stride);
        check(width > 0 && deepWidth > 0 && heads > 0 && width % heads == 0 && deepWidth % heads == 0, "heads",
                heads + " heads dividing the widths " + width + " and " + deepWidth);
        check(groups > 0 && width % groups == 0 && deepWidth % groups == 0, "groups",
                groups + " GroupNorm groups dividing the widths " + width + " and " + deepWidth);
        check(embedWidth >= 2 && embedWidth % 2 == 0, "embedWidth", "an even width, got " + embedWidth);
        check(featureGrid >= 1, "featureGrid", "a positive grid side, got " + featureGrid);
        check(sigmaData > 0 && pStd >= 0 && sigmaMin > 0 && sigmaMax > sigmaMin && featureSigma > 0, "sigma",
                "positive noise levels with sigmaMin < sigmaMax");
        check(instructionDropout >= 0 && instructionDropout <= 1, "instructionDropout", "a probability, got "
                + instructionDropout);
        check(batch >= 1 && steps >= 1 && learningRate > 0 && samplingSteps >= 1, "training",
                "positive batch, steps, learning rate and sampling steps");
        check(heldOutEpisodes >= 0 && sampleClips >= 0, "heldOutEpisodes", "non-negative counts");
        check(autoencoderRun != null, "autoencoderRun", "a path or \"\"");
        check(autoencoderFactor >= 2 && Integer.bitCount(autoencoderFactor) == 1
                && frameSize % autoencoderFactor == 0, "autoencoderFactor", "a power of two dividing frameSize "
                + frameSize + ", got " + autoencoderFactor);
        check(autoencoderWidth > 0 && latentChannels > 0 && autoencoderSteps >= 1, "autoencoder",
                "positive width, latent channels and steps");
    }

    private static void check(boolean ok, String field, String expected) {
        if (!ok) {
            throw new InvalidInputException(field, "predictor config: expected " + expected);
        }
    }

    /**
     * The default stage-1 run for the Tabletop's two cameras, both at 32x32: an autoencoder trained here to 8x8x4
     * latents (600 steps), a UNet of 32/64 channels over clips of 8 frames at stride 2 (15 control steps, 1 s at the
     * sim's 15 Hz), batch 8, 2500 steps, 3 held-out episodes, 10 Heun steps for the samples: sized for about ten
     * minutes on one core (BENCHMARKS.md, "Video predictor, quick size"). The autoencoder's blur, not the predictor,
     * limits the top camera's samples at this size.
     */
    public static PredictorConfig quick() {
        return builder().setCameras(List.of("top", "gripper")).setFrameSize(32).setFrames(8).setWidth(32)
                .setDeepWidth(64).setHeads(4).setGroups(8).setEmbedWidth(64).setFeatureGrid(4).setBatch(8)
                .setSteps(2500).setLearningRate(5e-4).setSamplingSteps(10).setHeldOutEpisodes(3).setSampleClips(3)
                .setAutoencoderFactor(4).setAutoencoderWidth(32).setLatentChannels(4).setAutoencoderSteps(600)
                .build();
    }

    /**
     * The quick run at 64x64 frames: 16x16x4 latents and features pooled to 8x8 tokens per camera (about 12 cm of
     * table per token on the top camera, against 25 cm at 4x4), the resolution where a grasp's few centimetres can
     * show; the same widths and budget, about four times the quick size's cost per step.
     */
    public static PredictorConfig medium() {
        return quick().toBuilder().setFrameSize(64).setFeatureGrid(8).build();
    }

    /** The named size: {@value #SIZES}. */
    public static PredictorConfig ofSize(String size) {
        return switch (size == null ? "" : size) {
            case "quick" -> quick();
            case "medium" -> medium();
            case "tiny" -> tiny();
            default -> throw new InvalidInputException("size", "expected one of " + SIZES + ", got '" + size + "'");
        };
    }

    /** The sizes {@link #ofSize} knows. */
    public static final String SIZES = "quick, medium, tiny";

    /** Test size: 16x16 frames, 4x4x4 latents, widths 16/32, batch 4, a handful of steps, 1 held-out episode. */
    public static PredictorConfig tiny() {
        return builder().setCameras(List.of("top", "gripper")).setFrameSize(16).setFrames(8).setWidth(16)
                .setDeepWidth(32).setHeads(2).setGroups(4).setEmbedWidth(32).setFeatureGrid(2).setBatch(4)
                .setSteps(20).setLearningRate(2e-3).setSamplingSteps(3).setHeldOutEpisodes(1).setSampleClips(1)
                .setAutoencoderFactor(4).setAutoencoderWidth(8).setLatentChannels(4).setAutoencoderSteps(10)
                .build();
    }

    /**
     * A builder: the sizes and the training budget are required; the clip stride and the diffusion settings default
     * to VPP's (the values above), the autoencoder run to "" (train one here) and the seed to 0.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to change some of them. */
    public Builder toBuilder() {
        return builder().setCameras(cameras).setFrameSize(frameSize).setFrames(frames).optStride(stride)
                .setWidth(width).setDeepWidth(deepWidth).setHeads(heads).setGroups(groups).setEmbedWidth(embedWidth)
                .setFeatureGrid(featureGrid).optSigmaData(sigmaData).optPMean(pMean).optPStd(pStd).optSigmaMin(sigmaMin)
                .optSigmaMax(sigmaMax).optFeatureSigma(featureSigma).optInstructionDropout(instructionDropout)
                .setBatch(batch).setSteps(steps).setLearningRate(learningRate).setSamplingSteps(samplingSteps)
                .setHeldOutEpisodes(heldOutEpisodes).setSampleClips(sampleClips).optAutoencoderRun(autoencoderRun)
                .setAutoencoderFactor(autoencoderFactor).setAutoencoderWidth(autoencoderWidth)
                .setLatentChannels(latentChannels).setAutoencoderSteps(autoencoderSteps).optSeed(seed);
    }

    public PredictorConfig withSteps(int newSteps) {
        return toBuilder().setSteps(newSteps).build();
    }

    public PredictorConfig withAutoencoderRun(String run) {
        return toBuilder().optAutoencoderRun(run).build();
    }

    public PredictorConfig withSeed(long newSeed) {
        return toBuilder().optSeed(newSeed).build();
    }

    /** The EDM schedule (rho 7). */
    public EdmSchedule schedule() {
        return new EdmSchedule(sigmaData, pMean, pStd, sigmaMin, sigmaMax, 7);
    }

    /** AdamW(0.9, 0.95) without weight decay (VPP's TVP: wd 0), 5% warm-up, cosine to 1%, checkpoints ~every 100. */
    public TrainingConfig training() {
        return TrainingConfig.defaults(steps, learningRate, seed).withWeightDecay(0);
    }

    /** Required fields are set with {@code set*}, optional ones with {@code opt*}. */
    public static final class Builder {
        private List<String> cameras;
        private Integer frameSize;
        private Integer frames;
        private int stride = 2;
        private Integer width;
        private Integer deepWidth;
        private Integer heads;
        private Integer groups;
        private Integer embedWidth;
        private Integer featureGrid;
        private double sigmaData = 1.0;
        private double pMean = 0.7;
        private double pStd = 1.6;
        private double sigmaMin = 0.002;
        private double sigmaMax = 80;
        private double featureSigma = 80;
        private double instructionDropout = 0.05;
        private Integer batch;
        private Integer steps;
        private Double learningRate;
        private Integer samplingSteps;
        private Integer heldOutEpisodes;
        private Integer sampleClips;
        private String autoencoderRun = "";
        private Integer autoencoderFactor;
        private Integer autoencoderWidth;
        private Integer latentChannels;
        private Integer autoencoderSteps;
        private long seed = 0;

        private Builder() {
        }

        /** Cameras trained on, each its own sample with its index embedded (order matters). */
        public Builder setCameras(List<String> cameras) {
            this.cameras = cameras;
            return this;
        }

        /** Side both cameras are resized to before the autoencoder. */
        public Builder setFrameSize(int frameSize) {
            this.frameSize = frameSize;
            return this;
        }

        /** Frames per predicted clip (frame 0 is the conditioning frame). */
        public Builder setFrames(int frames) {
            this.frames = frames;
            return this;
        }

        /** Channels of the UNet's full-resolution level. */
        public Builder setWidth(int width) {
            this.width = width;
            return this;
        }

        /** Channels of its half-resolution level and middle. */
        public Builder setDeepWidth(int deepWidth) {
            this.deepWidth = deepWidth;
            return this;
        }

        /** Attention heads (spatial and temporal); must divide both widths. */
        public Builder setHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /** GroupNorm groups; must divide both widths. */
        public Builder setGroups(int groups) {
            this.groups = groups;
            return this;
        }

        /** Width of the conditioning vector and of words. */
        public Builder setEmbedWidth(int embedWidth) {
            this.embedWidth = embedWidth;
            return this;
        }

        /** Side of the grid the up-block features are pooled to. */
        public Builder setFeatureGrid(int featureGrid) {
            this.featureGrid = featureGrid;
            return this;
        }

        /** Clips per step. */
        public Builder setBatch(int batch) {
            this.batch = batch;
            return this;
        }

        /** Predictor training steps. */
        public Builder setSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /** Peak AdamW rate (warm-up 5%, cosine to 1%). */
        public Builder setLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** Heun steps of the sampler. */
        public Builder setSamplingSteps(int samplingSteps) {
            this.samplingSteps = samplingSteps;
            return this;
        }

        /** Episodes kept out of training, whose clips the sample GIFs show. */
        public Builder setHeldOutEpisodes(int heldOutEpisodes) {
            this.heldOutEpisodes = heldOutEpisodes;
            return this;
        }

        /** Sample GIFs written at the end (per camera). */
        public Builder setSampleClips(int sampleClips) {
            this.sampleClips = sampleClips;
            return this;
        }

        /** Downsampling factor of an autoencoder trained here (power of two). */
        public Builder setAutoencoderFactor(int autoencoderFactor) {
            this.autoencoderFactor = autoencoderFactor;
            return this;
        }

        /** First-level channels of an autoencoder trained here. */
        public Builder setAutoencoderWidth(int autoencoderWidth) {
            this.autoencoderWidth = autoencoderWidth;
            return this;
        }

        /** Latent channels of an autoencoder trained here. */
        public Builder setLatentChannels(int latentChannels) {
            this.latentChannels = latentChannels;
            return this;
        }

        /** Training steps of an autoencoder trained here. */
        public Builder setAutoencoderSteps(int autoencoderSteps) {
            this.autoencoderSteps = autoencoderSteps;
            return this;
        }

        /** Frame stride inside a clip and between clip starts (default 2, VPP's). */
        public Builder optStride(int stride) {
            this.stride = stride;
            return this;
        }

        /** Standard deviation of the standardised latents (default 1). */
        public Builder optSigmaData(double sigmaData) {
            this.sigmaData = sigmaData;
            return this;
        }

        /** Mean of ln(sigma) in training (default 0.7, VPP's). */
        public Builder optPMean(double pMean) {
            this.pMean = pMean;
            return this;
        }

        /** Standard deviation of ln(sigma) in training (default 1.6, VPP's). */
        public Builder optPStd(double pStd) {
            this.pStd = pStd;
            return this;
        }

        /** Smallest sampler noise level (default 0.002). */
        public Builder optSigmaMin(double sigmaMin) {
            this.sigmaMin = sigmaMin;
            return this;
        }

        /** Largest sampler noise level (default 80). */
        public Builder optSigmaMax(double sigmaMax) {
            this.sigmaMax = sigmaMax;
            return this;
        }

        /** The one noise level of the feature pass (default 80, the scheduler's maximum). */
        public Builder optFeatureSigma(double featureSigma) {
            this.featureSigma = featureSigma;
            return this;
        }

        /** Probability that a training clip is shown the empty instruction (default 0.05). */
        public Builder optInstructionDropout(double instructionDropout) {
            this.instructionDropout = instructionDropout;
            return this;
        }

        /** A finished {@code worldlens pretrain --family vae} run folder (default "": train one here). */
        public Builder optAutoencoderRun(String autoencoderRun) {
            this.autoencoderRun = autoencoderRun;
            return this;
        }

        /** Seed of weights, batches, noise and held-out episodes (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @throws IllegalStateException naming the required fields not set
         * @throws InvalidInputException naming an invalid field
         */
        public PredictorConfig build() {
            Required.check("PredictorConfig", "cameras", cameras, "frameSize", frameSize, "frames", frames,
                    "width", width, "deepWidth", deepWidth, "heads", heads, "groups", groups, "embedWidth", embedWidth,
                    "featureGrid", featureGrid, "batch", batch, "steps", steps, "learningRate", learningRate,
                    "samplingSteps", samplingSteps, "heldOutEpisodes", heldOutEpisodes, "sampleClips", sampleClips,
                    "autoencoderFactor", autoencoderFactor, "autoencoderWidth", autoencoderWidth,
                    "latentChannels", latentChannels, "autoencoderSteps", autoencoderSteps);
            return new PredictorConfig(cameras, frameSize, frames, stride, width, deepWidth, heads, groups, embedWidth,
                    featureGrid, sigmaData, pMean, pStd, sigmaMin, sigmaMax, featureSigma, instructionDropout, batch,
                    steps, learningRate, samplingSteps, heldOutEpisodes, sampleClips, autoencoderRun, autoencoderFactor,
                    autoencoderWidth, latentChannels, autoencoderSteps, seed);
        }
    }
}
