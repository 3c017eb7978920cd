package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.noise.FlowPath;
import dev.worldlens.nn.vit.VisionTransformer;
import dev.worldlens.nn.vit.VitConfig;

import java.util.SplittableRandom;

/**
 * The action-conditioned dynamics model of the shortcut family ("dyn."), after Dreamer 4 (Hafner, Yan and Lillicrap
 * 2025, Sec. 3.2), scaled down: a transformer over a clip of T frames of tokenizer latents, each frame contributing
 * its N latent tokens (projected from the latent channels by the ViT's side-1 patch embedding, with a 3-D sin-cos
 * position over time and grid), one action token (the action that led to this frame, a_{t-1}; a learned "no action"
 * token for the first frame) and one noise token (learned embeddings of the frame's signal level tau and step size d,
 * summed). Attention is block-causal: a frame's tokens read their own frame and earlier ones, so frame t is predicted
 * from the past, the actions up to a_{t-1}, and its own noisy latents, as a world model must be. Dreamer 4's
 * separate space/time attention and GQA are left out (one full block-causal attention at this size).
 *
 * <p>It is trained with shortcut forcing ({@link #loss}): per-frame signal levels (diffusion forcing), step-size
 * conditioning, x-prediction of the clean latents, the flow loss at dMin and bootstrapped targets above it, and the
 * ramp weight; see {@link FlowPath}.
 */
final class ShortcutDynamics {
    private final FlowPath path;
    private final int frames;
    private final int tokens;
    private final int channels;
    private final int actionDim;
    private final double bootstrapFraction;
    private final VisionTransformer transformer;
    private final Linear action;
    private final NDArray noAction;
    private final NDArray signalTable;
    private final NDArray stepTable;
    private final Linear out;
    private final NDArray framePosition; // [T, D] constant
    private final NDArray causalBias; // [L, L] constant

    ShortcutDynamics(FamilyConfig config, int gridSide, int latentChannels, Parameters params, NDManager constants,
                     SplittableRandom rng) {
        this.path = new FlowPath(config.option("kMax", 32));
        this.frames = config.option("dynFrames", 4);
        this.actionDim = config.option("actionDim", 7);
        this.bootstrapFraction = config.option("bootstrapFraction", 0.25);
        if (frames < 2 || actionDim < 1 || bootstrapFraction < 0 || bootstrapFraction >= 1) {
            throw new IllegalArgumentException("shortcut needs dynFrames >= 2, actionDim >= 1 and bootstrapFraction "
                    + "in [0, 1), got " + frames + ", " + actionDim + ", " + bootstrapFraction);
        }
        this.tokens = gridSide * gridSide;
        this.channels = latentChannels;
        int width = config.option("dynWidth", config.width());
        VitConfig vc = VitConfig.builder().setImageSize(gridSide).optChannels(latentChannels).setPatchSize(1)
                .setWidth(width).setDepth(config.option("dynDepth", 4))
                .setHeads(config.option("dynHeads", config.heads())).optClipLength(frames).build();
        this.transformer = VisionTransformer.create(vc, params, rng.nextLong(), "dyn.");
        this.action = Linear.create(params, "dyn.action", actionDim, width, rng);
        this.noAction = params.normal("dyn.action.none", 0.02, rng, width);
        this.signalTable = params.normal("dyn.signal", 0.02, rng, path.kMax(), width);
        this.stepTable = params.normal("dyn.step", 0.02, rng, path.finestExponent() + 1, width);
        this.out = Linear.create(params, "dyn.out", width, latentChannels, rng);
        this.framePosition = constants.create(VisionTransformer.sinCosPositionEmbedding(width, frames, 1, 1),
                new Shape(frames, width));
        int l = sequenceLength();
        float[] bias = new float[l * l];
        for (int q = 0; q < l; q++) {
            for (int k = 0; k < l; k++) {
                bias[q * l + k] = frameOf(k) <= frameOf(q) ? 0f : -1e9f;
            }
        }
        this.causalBias = constants.create(bias, new Shape(l, l));
    }

    /** T N latent tokens, then T action tokens, then T noise tokens. */
    private int sequenceLength() {
        return frames * (tokens + 2);
    }

    private int frameOf(int token) {
        int latents = frames * tokens;
        return token < latents ? token / tokens : (token - latents) % frames;
    }

    int frames() {
        return frames;
    }

    FlowPath path() {
        return path;
    }

    /**
     * The previous action of every frame [B, T, A'] (A' = the configured actionDim; actions of fewer dimensions are
     * zero-padded): a_{t-1} for frame t, zeros for frame 0 (which gets the learned "no action" token instead).
     */
    NDArray previousActions(ClipBatch clips, NDManager scope) {
        int a = clips.actionDim();
        if (a > actionDim) {
            throw new IllegalArgumentException("the data has " + a + " action values, the shortcut model was built "
                    + "for " + actionDim + "; set the option actionDim to at least " + a);
        }
        int b = clips.batch();
        float[] prev = new float[b * frames * actionDim];
        float[] acts = clips.actions();
        for (int i = 0; i < b; i++) {
            for (int t = 1; t < frames; t++) {
                System.arraycopy(acts, (i * frames + t - 1) * a, prev, (i * frames + t) * actionDim, a);
            }
        }
        return scope.create(prev, new Shape(b, frames, actionDim));
    }

    /**
     * x-prediction: the clean latents [B, T, N, C] the model sees in {@code noisy} [B, T, N, C], each frame at signal
     * level {@code signalIndex / kMax} with step size {@code 1 / 2^stepExponent} (both [B * T], frame-major within a
     * row), given the previous actions [B, T, A'].
     */
    NDArray predictClean(NDArray noisy, int[] signalIndex, int[] stepExponent, NDArray previousActions) {
        NDManager scope = noisy.getManager();
        long b = noisy.getShape().get(0);
        int g = (int) Math.round(Math.sqrt(tokens));
        int width = transformer.config().width();
        NDArray latentTokens = transformer.embed(noisy.transpose(0, 1, 3, 2).reshape(b, frames, channels, g, g));
        float[] first = new float[frames];
        first[0] = 1f;
        NDArray firstFrame = scope.create(first, new Shape(1, frames, 1));
        NDArray actionTokens = action.forward(previousActions).mul(firstFrame.neg().add(1))
                .add(firstFrame.mul(noAction)).add(framePosition);
        NDArray noiseTokens = oneHot(scope, signalIndex, path.kMax()).matMul(signalTable)
                .add(oneHot(scope, stepExponent, path.finestExponent() + 1).matMul(stepTable))
                .reshape(b, frames, width).add(framePosition);
        NDArray sequence = latentTokens.concat(actionTokens, 1).concat(noiseTokens, 1);
        int depth = transformer.config().depth();
        NDArray last = transformer.forwardTokens(sequence, depth, causalBias).get(depth);
        return out.forward(last.get(":, 0:" + (frames * tokens) + ", :")).reshape(b, frames, tokens, channels);
    }

    private static NDArray oneHot(NDManager scope, int[] index, int classes) {
        float[] v = new float[index.length * classes];
        for (int i = 0; i < index.length; i++) {
            v[i * classes + index[i]] = 1f;
        }
        return scope.create(v, new Shape(index.length, classes));
    }

    /**
     * Shortcut forcing (Dreamer 4, Eq. 7 and 8) on clean latents [B, T, N, C] (already stop-gradient: the tokenizer
     * is not trained by the dynamics). The first B - B_s rows take the finest step dMin on every frame and regress the
     * clean latents (flow matching in x-space); the last B_s = round(B * bootstrapFraction) rows (a quarter, as in
     * shortcut models, Frans et al. 2024) draw a coarser step d per frame and regress the bootstrap target of two
     * stop-gradient half steps of d/2, i.e. (1 - tau)^2 times the velocity error. Every frame draws its own signal
     * level tau on the grid of its d (diffusion forcing) and its error is weighted by w(tau) = 0.9 tau + 0.1.
     */
    NDArray loss(NDArray clean, NDArray previousActions, SplittableRandom rng) {
        NDManager scope = clean.getManager();
        int b = (int) clean.getShape().get(0);
        int self = Math.min(b - 1, (int) Math.round(b * bootstrapFraction));
        int flowRows = b - self;
        int n = b * frames;
        int[] exponent = new int[n];
        int[] signal = new int[n];
        float[] tau = new float[n];
        float[] weight = new float[n];
        for (int i = 0; i < n; i++) {
            exponent[i] = i < flowRows * frames ? path.finestExponent() : path.sampleCoarseExponent(rng);
            signal[i] = path.sampleSignalIndex(rng, exponent[i]);
            tau[i] = (float) path.signal(signal[i]);
            weight[i] = (float) FlowPath.rampWeight(tau[i]);
        }
        float[] noise = new float[n * tokens * channels];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) rng.nextGaussian();
        }
        NDArray tauArray = scope.create(tau, new Shape(b, frames, 1, 1));
        NDArray noisy = FlowPath.interpolate(scope.create(noise, clean.getShape()), clean, tauArray);
        NDArray predicted = predictClean(noisy, signal, exponent, previousActions);
        NDArray target = clean;
        if (self > 0) {
            target = clean.get(0 + ":" + flowRows).concat(bootstrapTarget(noisy, tauArray, signal, exponent,
                    previousActions, flowRows), 0);
        }
        NDArray perFrame = predicted.sub(target).square().reshape(b, frames, -1).mean(new int[]{2});
        return perFrame.mul(scope.create(weight, new Shape(b, frames))).mean();
    }

    /** z_tau + (1 - tau) (v' + v'') / 2 from two half steps of the model itself, for rows from {@code from} on. */
    private NDArray bootstrapTarget(NDArray noisy, NDArray tau, int[] signal, int[] exponent, NDArray previousActions,
                                    int from) {
        NDManager scope = noisy.getManager();
        String rows = from + ":";
        NDArray z = noisy.get(rows);
        NDArray tauRows = tau.get(rows);
        NDArray actions = previousActions.get(rows);
        int n = signal.length - from * frames;
        int[] halfExponent = new int[n];
        int[] start = new int[n];
        int[] middle = new int[n];
        float[] half = new float[n];
        for (int i = 0; i < n; i++) {
            int e = exponent[from * frames + i];
            halfExponent[i] = e + 1;
            start[i] = signal[from * frames + i];
            middle[i] = start[i] + path.kMax() / (1 << (e + 1));
            half[i] = (float) FlowPath.stepSize(e + 1);
        }
        NDArray halfStep = scope.create(half, tauRows.getShape());
        NDArray first = FlowPath.velocity(predictClean(z, start, halfExponent, actions).stopGradient(), z, tauRows);
        NDArray between = FlowPath.step(z, first, halfStep);
        NDArray tauBetween = tauRows.add(halfStep);
        NDArray second = FlowPath.velocity(predictClean(between, middle, halfExponent, actions).stopGradient(),
                between, tauBetween);
        return FlowPath.bootstrapClean(z, first, second, tauRows).stopGradient();
    }

    /** Forward FLOPs of one pass of {@code rows} clips through the model. */
    double flops(int rows) {
        VitConfig vc = transformer.config();
        double latents = (double) frames * tokens;
        double perRow = TransformerFlops.linear(latents, channels, vc.width())
                + TransformerFlops.linear(frames, actionDim, vc.width())
                + TransformerFlops.linear(frames, path.kMax() + path.finestExponent() + 1, vc.width())
                + TransformerFlops.blocks(vc, sequenceLength(), vc.depth())
                + TransformerFlops.linear(latents, vc.width(), channels);
        return rows * perRow;
    }

    /** Forward FLOPs of one {@link #loss} on {@code rows} clips: the main pass and two half-step passes. */
    double lossFlops(int rows) {
        int self = Math.min(rows - 1, (int) Math.round(rows * bootstrapFraction));
        return flops(rows) + 2 * flops(self);
    }
}
