package dev.worldlens.policy.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.policy.language.InstructionEncoder;
import dev.worldlens.nn.conv.Silu;
import dev.worldlens.nn.noise.EdmSchedule;
import dev.worldlens.nn.noise.NoiseLevelEmbedding;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * VPP's action head (MDT's diffusion transformer with EDM preconditioning): denoises an action chunk [B, H, A]
 * conditioned on one instruction token and the Video Former tokens.
 *
 * <p>Encoder: [instruction token, Linear(Video Former tokens)] through pre-LN self-attention blocks and a final LN:
 * the context. Decoder: the noisy chunk, scaled by cIn, one token per action (Linear A->D plus a learned embedding of
 * the action's place in the chunk, zero at the start), through blocks of AdaLN-modulated causal self-attention,
 * cross-attention to the context and an AdaLN-modulated MLP; the modulation (shift, scale, gate for both) is a Linear
 * of SiLU of the noise-level embedding of cNoise = ln(sigma) / 4. A final LN and Linear(D->A) give the raw output F
 * and the denoised chunk is D = cSkip x + cOut F.
 *
 * <p>Deviations from the VPP code for a clean port: modulation is DiT's x (1 + scale) + shift (VPP has
 * x scale + shift, which with small initial weights silences every block at the start), and the cross-attention is
 * not causal (VPP's causal flag there lets action i read only the first i context tokens, a quirk its own code
 * comments do not explain). No dropout, so a seed fixes training exactly. The position embedding replaces what that
 * causal cross-attention gave VPP (whose action tokens have no position embedding): a different view of the context
 * for every action, hence a way to tell them apart. Without either, the causal self-attention alone must tell action
 * 0 from action 9, and at high noise, where the noisy actions carry nothing, it cannot: the head then answers every
 * place with the chunk's average and the sampler assigns "move" and "close the gripper" to places at random
 * (DiffusionActionHeadTest#headLearnsChunksThatChangeOverTheChunk: without the embedding the denoiser's MSE at sigma
 * 3 stays at 0.15-0.26 after 900-1500 steps, near the 0.30 of the chunk's average, and sampled chunks score 0.51).
 */
public final class DiffusionActionHead {
    private final ActionHeadConfig config;
    private final EdmSchedule edm;
    private final InstructionToken instruction;
    private final Linear observation;
    private final List<EncoderBlock> encoder;
    private final Norm encoderNorm;
    private final NoiseLevelEmbedding noiseLevel;
    private final Linear actionIn;
    private final NDArray actionPositions; // [H, D]
    private final List<DecoderBlock> decoder;
    private final Norm outNorm;
    private final Linear actionOut;

    private record EncoderBlock(Norm attnNorm, MultiHeadAttention attn, Norm ffNorm, FeedForward ff) {
        NDArray forward(NDArray x) {
            NDArray h = attnNorm.forward(x);
            x = x.add(attn.forward(h, h, null));
            return x.add(ff.forward(ffNorm.forward(x)));
        }
    }

    private record DecoderBlock(Linear modulation, Norm selfNorm, MultiHeadAttention self, Norm crossNorm,
                                MultiHeadAttention cross, Norm ffNorm, FeedForward ff) {
        NDArray forward(NDArray x, NDArray context, NDArray condition, NDArray causal) {
            long b = x.getShape().get(0);
            NDList m = modulation.forward(Silu.apply(condition)).reshape(b, 1, -1).split(6, 2);
            NDArray h = selfNorm.forward(x).mul(m.get(1).add(1)).add(m.get(0));
            x = x.add(m.get(2).mul(self.forward(h, h, causal)));
            x = x.add(cross.forward(crossNorm.forward(x), context, null));
            h = ffNorm.forward(x).mul(m.get(4).add(1)).add(m.get(3));
            return x.add(m.get(5).mul(ff.forward(h)));
        }
    }

    private DiffusionActionHead(ActionHeadConfig config, InstructionToken instruction, Linear observation,
                                List<EncoderBlock> encoder, Norm encoderNorm, NoiseLevelEmbedding noiseLevel,
                                Linear actionIn, NDArray actionPositions, List<DecoderBlock> decoder, Norm outNorm,
                                Linear actionOut) {
        this.config = config;
        this.edm = new EdmSchedule(config.sigmaData(), config.trainLocation(), config.trainScale(),
                config.samplingSigmaMin(), config.sigmaMax(), 7);
        this.instruction = instruction;
        this.observation = observation;
        this.encoder = encoder;
        this.encoderNorm = encoderNorm;
        this.noiseLevel = noiseLevel;
        this.actionIn = actionIn;
        this.actionPositions = actionPositions;
        this.decoder = decoder;
        this.outNorm = outNorm;
        this.actionOut = actionOut;
    }

    /**
     * Defines the head's parameters under {@code prefix}: it reads context tokens of width {@code contextWidth}
     * and instructions over {@code vocabulary} (learned word embeddings).
     */
    public static DiffusionActionHead create(ActionHeadConfig config, int contextWidth, List<String> vocabulary,
                                             Parameters params, String prefix, SplittableRandom rng) {
        return create(config, contextWidth, vocabulary, null, params, prefix, rng);
    }

    /**
     * As {@link #create(ActionHeadConfig, int, List, Parameters, String, SplittableRandom)}, with a frozen sentence
     * encoder under the instruction MLP instead of word embeddings when {@code sentences} is not null.
     */
    public static DiffusionActionHead create(ActionHeadConfig config, int contextWidth, List<String> vocabulary,
                                             InstructionEncoder sentences, Parameters params, String prefix,
                                             SplittableRandom rng) {
        int d = config.width();
        int hd = d / config.heads();
        InstructionToken lang = sentences == null
                ? InstructionToken.create(vocabulary, d, d, params, prefix + "lang.", rng)
                : InstructionToken.frozen(sentences, d, params, prefix + "lang.", rng);
        Linear obs = Dense.create(params, prefix + "obs", contextWidth, d, rng);
        List<EncoderBlock> enc = new ArrayList<>();
        for (int i = 0; i < config.encoderDepth(); i++) {
            String p = prefix + "enc" + i + ".";
            enc.add(new EncoderBlock(Norm.create(params, p + "ln1", d),
                    MultiHeadAttention.create(params, p + "attn", d, d, config.heads(), hd, rng),
                    Norm.create(params, p + "ln2", d), FeedForward.create(params, p + "ff", d, 4 * d, d, rng)));
        }
        Norm encNorm = Norm.create(params, prefix + "enc.out", d);
        NoiseLevelEmbedding sigma = NoiseLevelEmbedding.create(params, prefix + "sigma.", d, rng);
        Linear in = Dense.create(params, prefix + "action.in", config.actionDim(), d, rng);
        List<DecoderBlock> dec = new ArrayList<>();
        for (int i = 0; i < config.decoderDepth(); i++) {
            String p = prefix + "dec" + i + ".";
            dec.add(new DecoderBlock(Dense.create(params, p + "ada", d, 6 * d, rng), Norm.create(params, p + "ln1", d),
                    MultiHeadAttention.create(params, p + "self", d, d, config.heads(), hd, rng),
                    Norm.create(params, p + "ln2", d),
                    MultiHeadAttention.create(params, p + "cross", d, d, config.heads(), hd, rng),
                    Norm.create(params, p + "ln3", d), FeedForward.create(params, p + "ff", d, 4 * d, d, rng)));
        }
        Norm outNorm = Norm.create(params, prefix + "out.ln", d);
        Linear out = Dense.create(params, prefix + "action.out", d, config.actionDim(), rng);
        // zero at the start, so a new head computes what it did before the embedding existed; the gradient differs
        // per place as soon as the demonstrated actions do. Measured on a grasp-like chunk (width 32, 600 steps):
        // the denoiser's MSE at sigma 3 reaches 0.06 from zero, 0.23 from N(0, 0.02), whose random offsets the
        // heads must first learn to ignore
        NDArray positions = params.constant(prefix + "action.pos", 0f, config.horizon(), d);
        return new DiffusionActionHead(config, lang, obs, List.copyOf(enc), encNorm, sigma, in, positions,
                List.copyOf(dec), outNorm, out);
    }

    public ActionHeadConfig config() {
        return config;
    }

    public EdmSchedule schedule() {
        return edm;
    }

    public InstructionToken instructionToken() {
        return instruction;
    }

    /** The encoder's output [B, 1 + K, D] from Video Former tokens [B, K, Dc] and one instruction per sample. */
    public NDArray context(NDArray tokens, List<String> instructions) {
        if (tokens.getShape().get(0) != instructions.size()) {
            throw new IllegalArgumentException("context: " + tokens.getShape().get(0) + " samples of tokens but "
                    + instructions.size() + " instructions");
        }
        NDArray x = NDArrays.concat(new NDList(instruction.forward(tokens.getManager(), instructions),
                observation.forward(tokens)), 1);
        for (EncoderBlock block : encoder) {
            x = block.forward(x);
        }
        return encoderNorm.forward(x);
    }

    /** The raw network output F [B, H, A] for the noisy chunk {@code noisy} at per-sample noise levels. */
    NDArray network(NDArray context, NDArray noisy, float[] sigmas) {
        NDManager scope = noisy.getManager();
        int b = sigmas.length;
        float[] cIn = new float[b];
        float[] cNoise = new float[b];
        for (int i = 0; i < b; i++) {
            cIn[i] = (float) edm.cIn(sigmas[i]);
            cNoise[i] = (float) edm.cNoise(sigmas[i]);
        }
        NDArray x = actionIn.forward(noisy.mul(scope.create(cIn, new Shape(b, 1, 1)))).add(actionPositions);
        NDArray condition = noiseLevel.forward(scope, cNoise);
        int h = config.horizon();
        NDArray causal = scope.create(MultiHeadAttention.causalBias(h), new Shape(h, h));
        for (DecoderBlock block : decoder) {
            x = block.forward(x, context, condition, causal);
        }
        return actionOut.forward(outNorm.forward(x));
    }

    /** The denoised chunk D(x; sigma) = cSkip x + cOut F, per-sample sigmas. */
    public NDArray denoise(NDArray context, NDArray noisy, float[] sigmas) {
        NDManager scope = noisy.getManager();
        int b = sigmas.length;
        float[] skip = new float[b];
        float[] out = new float[b];
        for (int i = 0; i < b; i++) {
            skip[i] = (float) edm.cSkip(sigmas[i]);
            out[i] = (float) edm.cOut(sigmas[i]);
        }
        NDArray f = network(context, noisy, sigmas);
        return noisy.mul(scope.create(skip, new Shape(b, 1, 1))).add(f.mul(scope.create(out, new Shape(b, 1, 1))));
    }

    /**
     * EDM's loss for clean chunks {@code actions} [B, H, A]: a sigma per sample from the truncated log-logistic law
     * and Gaussian noise, both drawn from {@code rng}; the mean of (F - (y - cSkip x) / cOut)^2, which is EDM's
     * lambda-weighted denoising error.
     */
    public NDArray loss(NDArray context, NDArray actions, SplittableRandom rng) {
        NDManager scope = actions.getManager();
        Shape s = actions.getShape();
        int b = Math.toIntExact(s.get(0));
        checkChunk(s);
        float[] sigmas = trainingSigmas(rng, b);
        float[] noise = new float[Math.toIntExact(s.size())];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) rng.nextGaussian();
        }
        float[] skip = new float[b];
        float[] invOut = new float[b];
        for (int i = 0; i < b; i++) {
            skip[i] = (float) edm.cSkip(sigmas[i]);
            invOut[i] = (float) (1 / edm.cOut(sigmas[i]));
        }
        NDArray noisy = actions.add(scope.create(noise, s).mul(scope.create(sigmas, new Shape(b, 1, 1))));
        NDArray target = actions.sub(noisy.mul(scope.create(skip, new Shape(b, 1, 1))))
                .mul(scope.create(invOut, new Shape(b, 1, 1)));
        return network(context, noisy, sigmas).sub(target).square().mean();
    }

    /** Training noise levels: ln(sigma) logistic(location, scale), truncated to [trainSigmaMin, sigmaMax]. */
    public float[] trainingSigmas(SplittableRandom rng, int count) {
        double lo = logisticCdf(Math.log(config.trainSigmaMin()));
        double hi = logisticCdf(Math.log(config.sigmaMax()));
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            double u = lo + (hi - lo) * rng.nextDouble();
            u = Math.min(Math.max(u, 1e-12), 1 - 1e-12);
            out[i] = (float) Math.exp(config.trainLocation() + config.trainScale() * Math.log(u / (1 - u)));
        }
        return out;
    }

    private double logisticCdf(double lnSigma) {
        return 1 / (1 + Math.exp(-(lnSigma - config.trainLocation()) / config.trainScale()));
    }

    /**
     * Deterministic DDIM sampling (eta 0, VPP's sample_ddim): start from sigmaMax times Gaussian noise drawn from
     * {@code rng}, step down the exponential sigma schedule; returns the chunks [B, H, A] on the context's manager.
     */
    public NDArray sample(NDArray context, SplittableRandom rng) {
        NDManager scope = context.getManager();
        int b = Math.toIntExact(context.getShape().get(0));
        double[] sigmas = config.samplingSigmas();
        float[] start = new float[b * config.horizon() * config.actionDim()];
        for (int i = 0; i < start.length; i++) {
            start[i] = (float) (rng.nextGaussian() * sigmas[0]);
        }
        NDArray x = scope.create(start, new Shape(b, config.horizon(), config.actionDim()));
        float[] level = new float[b];
        for (int i = 0; i + 1 < sigmas.length; i++) {
            java.util.Arrays.fill(level, (float) sigmas[i]);
            NDArray denoised = denoise(context, x, level);
            x = edm.ddimStep(x, denoised, sigmas[i], sigmas[i + 1]);
        }
        return x;
    }

    private void checkChunk(Shape s) {
        if (s.dimension() != 3 || s.get(1) != config.horizon() || s.get(2) != config.actionDim()) {
            throw new IllegalArgumentException("action chunks must be [B, " + config.horizon() + ", "
                    + config.actionDim() + "], got " + s);
        }
    }
}
