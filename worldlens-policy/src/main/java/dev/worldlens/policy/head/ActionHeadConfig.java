package dev.worldlens.policy.head;

/**
 * Shape and noise settings of a {@link DiffusionActionHead}. VPP's CALVIN head: width 384, 4 + 4 layers, 8 heads,
 * chunks of 10 x 7, EDM with sigmaData 0.5, training sigmas log-logistic(ln 0.5, 0.5) truncated to [0.001, 80], 10
 * DDIM steps on an exponential schedule from 80, and (the CALVIN evaluation override) sampling down to sigma 1.0.
 * The defaults keep all of that except the sizes (width 128, 2 + 2 layers) and the action width (Tabletop's 4).
 *
 * @param width            token width D of the DiT
 * @param encoderDepth     self-attention blocks over [instruction token, Video Former tokens]
 * @param decoderDepth     AdaLN blocks over the action tokens (causal self-attention, cross-attention, MLP)
 * @param heads            attention heads (must divide width)
 * @param horizon          actions per chunk H
 * @param actionDim        values per action A
 * @param samplingSteps    DDIM steps
 * @param trainSigmaMin    lower truncation of the training sigmas
 * @param sigmaMax         upper truncation of the training sigmas, and the sampler's first sigma
 * @param sigmaData        EDM's data standard deviation (actions in [-1, 1]: 0.5)
 * @param trainLocation    location of ln(sigma)'s logistic law in training (ln 0.5)
 * @param trainScale       scale of that law (0.5)
 * @param samplingSigmaMin the sampler's last non-zero sigma (VPP evaluates CALVIN with 1.0, validates with 0.001)
 */
public record ActionHeadConfig(int width, int encoderDepth, int decoderDepth, int heads, int horizon, int actionDim,
                               int samplingSteps, double trainSigmaMin, double sigmaMax, double sigmaData,
                               double trainLocation, double trainScale, double samplingSigmaMin) {

    public ActionHeadConfig {
        if (width < 2 || heads < 1 || width % heads != 0 || encoderDepth < 0 || decoderDepth < 1) {
            throw new IllegalArgumentException("action head: width >= 2 divisible by heads, encoder depth >= 0 and "
                    + "decoder depth >= 1 expected; got width " + width + ", heads " + heads + ", depths "
                    + encoderDepth + "/" + decoderDepth);
        }
        if (horizon < 1 || actionDim < 1 || samplingSteps < 1) {
            throw new IllegalArgumentException("action head: horizon, action width and sampling steps must be >= 1, "
                    + "got " + horizon + ", " + actionDim + ", " + samplingSteps);
        }
        if (!(trainSigmaMin > 0) || !(sigmaMax > trainSigmaMin) || !(sigmaData > 0) || !(trainScale > 0)
                || !(samplingSigmaMin > 0) || !(samplingSigmaMin < sigmaMax)) {
            throw new IllegalArgumentException("action head: need 0 < trainSigmaMin < sigmaMax, sigmaData > 0, "
                    + "trainScale > 0 and 0 < samplingSigmaMin < sigmaMax; got " + trainSigmaMin + ", " + sigmaMax
                    + ", " + sigmaData + ", " + trainScale + ", " + samplingSigmaMin);
        }
    }

    /** Width 128, 2 + 2 layers, 4 heads, chunks of 10 x 4, VPP's noise settings. */
    public static ActionHeadConfig defaults() {
        return builder().build();
    }

    /** A builder whose every field is optional and starts at {@link #defaults()}'s value. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to change some of them. */
    public Builder toBuilder() {
        return builder().optWidth(width).optEncoderDepth(encoderDepth).optDecoderDepth(decoderDepth).optHeads(heads)
                .optHorizon(horizon).optActionDim(actionDim).optSamplingSteps(samplingSteps)
                .optTrainSigmaMin(trainSigmaMin).optSigmaMax(sigmaMax).optSigmaData(sigmaData)
                .optTrainLocation(trainLocation).optTrainScale(trainScale).optSamplingSigmaMin(samplingSigmaMin);
    }

    public ActionHeadConfig withWidth(int newWidth, int newHeads) {
        return new ActionHeadConfig(newWidth, encoderDepth, decoderDepth, newHeads, horizon, actionDim, samplingSteps,
                trainSigmaMin, sigmaMax, sigmaData, trainLocation, trainScale, samplingSigmaMin);
    }

    public ActionHeadConfig withDepth(int encoder, int decoder) {
        return new ActionHeadConfig(width, encoder, decoder, heads, horizon, actionDim, samplingSteps, trainSigmaMin,
                sigmaMax, sigmaData, trainLocation, trainScale, samplingSigmaMin);
    }

    public ActionHeadConfig withChunk(int newHorizon, int newActionDim) {
        return new ActionHeadConfig(width, encoderDepth, decoderDepth, heads, newHorizon, newActionDim, samplingSteps,
                trainSigmaMin, sigmaMax, sigmaData, trainLocation, trainScale, samplingSigmaMin);
    }

    public ActionHeadConfig withSampling(int steps, double sigmaMin) {
        return new ActionHeadConfig(width, encoderDepth, decoderDepth, heads, horizon, actionDim, steps, trainSigmaMin,
                sigmaMax, sigmaData, trainLocation, trainScale, sigmaMin);
    }

    /**
     * The sampler's sigmas: {@code samplingSteps} values spaced evenly in ln(sigma) from sigmaMax down to
     * samplingSigmaMin (k-diffusion's get_sigmas_exponential, which VPP uses), then a final 0.
     */
    public double[] samplingSigmas() {
        double[] out = new double[samplingSteps + 1];
        double hi = Math.log(sigmaMax);
        double lo = Math.log(samplingSigmaMin);
        for (int i = 0; i < samplingSteps; i++) {
            double f = samplingSteps == 1 ? 0 : (double) i / (samplingSteps - 1);
            out[i] = Math.exp(hi + f * (lo - hi));
        }
        out[samplingSteps] = 0;
        return out;
    }

    /** Required fields are set with {@code set*}, optional ones with {@code opt*}. */
    public static final class Builder {
        private int width = 128;
        private int encoderDepth = 2;
        private int decoderDepth = 2;
        private int heads = 4;
        private int horizon = 10;
        private int actionDim = 4;
        private int samplingSteps = 10;
        private double trainSigmaMin = 0.001;
        private double sigmaMax = 80;
        private double sigmaData = 0.5;
        private double trainLocation = Math.log(0.5);
        private double trainScale = 0.5;
        private double samplingSigmaMin = 1.0;

        private Builder() {
        }

        /** Token width D of the DiT (default 128). */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /** Self-attention blocks over [instruction token, Video Former tokens] (default 2). */
        public Builder optEncoderDepth(int encoderDepth) {
            this.encoderDepth = encoderDepth;
            return this;
        }

        /** AdaLN blocks over the action tokens (default 2). */
        public Builder optDecoderDepth(int decoderDepth) {
            this.decoderDepth = decoderDepth;
            return this;
        }

        /** Attention heads, dividing the width (default 4). */
        public Builder optHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /** Actions per chunk H (default 10). */
        public Builder optHorizon(int horizon) {
            this.horizon = horizon;
            return this;
        }

        /** Values per action A (default 4, the Tabletop's). */
        public Builder optActionDim(int actionDim) {
            this.actionDim = actionDim;
            return this;
        }

        /** DDIM steps (default 10). */
        public Builder optSamplingSteps(int samplingSteps) {
            this.samplingSteps = samplingSteps;
            return this;
        }

        /** Lower truncation of the training sigmas (default 0.001). */
        public Builder optTrainSigmaMin(double trainSigmaMin) {
            this.trainSigmaMin = trainSigmaMin;
            return this;
        }

        /** Upper truncation of the training sigmas and the sampler's first sigma (default 80). */
        public Builder optSigmaMax(double sigmaMax) {
            this.sigmaMax = sigmaMax;
            return this;
        }

        /** EDM's data standard deviation (default 0.5). */
        public Builder optSigmaData(double sigmaData) {
            this.sigmaData = sigmaData;
            return this;
        }

        /** Location of ln(sigma)'s logistic law in training (default ln 0.5). */
        public Builder optTrainLocation(double trainLocation) {
            this.trainLocation = trainLocation;
            return this;
        }

        /** Scale of that law (default 0.5). */
        public Builder optTrainScale(double trainScale) {
            this.trainScale = trainScale;
            return this;
        }

        /** The sampler's last non-zero sigma (default 1.0). */
        public Builder optSamplingSigmaMin(double samplingSigmaMin) {
            this.samplingSigmaMin = samplingSigmaMin;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the invalid sizes or noise settings
         */
        public ActionHeadConfig build() {
            return new ActionHeadConfig(width, encoderDepth, decoderDepth, heads, horizon, actionDim, samplingSteps,
                    trainSigmaMin, sigmaMax, sigmaData, trainLocation, trainScale, samplingSigmaMin);
        }
    }
}
