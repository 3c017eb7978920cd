package dev.worldlens.policy.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.core.Episode;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RgbImage;
import dev.worldlens.encoders.StateOracleEncoder;
import dev.worldlens.nn.Torch;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.eval.ChainConfig;
import dev.worldlens.policy.eval.ChainEvaluator;
import dev.worldlens.policy.eval.ChainResult;
import dev.worldlens.policy.eval.ExpertPolicy;
import dev.worldlens.policy.eval.TabletopInputs;
import dev.worldlens.policy.features.EncoderFeatures;
import dev.worldlens.policy.head.ActionHeadConfig;
import dev.worldlens.policy.head.VideoFormerConfig;
import dev.worldlens.policy.vpp.VppConfig;
import dev.worldlens.policy.vpp.VppPolicy;
import dev.worldlens.sim.Camera;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Renderer;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import dev.worldlens.sim.Tabletop;
import dev.worldlens.sim.TabletopState;
import dev.worldlens.sim.TabletopWorld;
import dev.worldlens.sim.Task;
import dev.worldlens.sim.TaskOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Diagnostics of a state-oracle policy in scene A, off by default (run with -Dworldlens.diag=true and the -Ddiag.*
 * properties each method reads). {@code diagnose} trains a policy validated on its own training episodes, then
 * reports the denoiser's MSE at fixed noise levels with the true and a shuffled context, sampled-chunk MSE under
 * other sampler ranges, and an MLP (state, instruction words) -> chunk on the same samples, on training and held-out
 * episodes.
 * {@code trainingStarts} runs the saved policy closed loop from the rebuilt start states of its training episodes
 * (next to the recorded actions replayed); {@code evaluate} runs chains in scene A.
 */
@EnabledIfSystemProperty(named = "worldlens.diag", matches = "true")
class PolicyDiagnosticsProbe {

    @Test
    void evaluate() {
        Torch.setThreads(1);
        Path dir = Path.of(System.getProperty("diag.policy", "/tmp/diag9/best"));
        int chains = Integer.getInteger("diag.chains", 10);
        StateOracleEncoder enc = new StateOracleEncoder(Tabletop.STATE_NAMES.size());
        EncoderFeatures features = new EncoderFeatures(enc, List.of("top"), -1);
        ChainConfig cc = ChainConfig.defaults().withChains(chains).withCameras(16, 16)
                .withScene(Scene.A, Setting.STATIC).withGifs(0);
        try (VppPolicy policy = VppPolicy.load(dir, features)) {
            ChainResult r = ChainEvaluator.evaluate(policy, "policy", cc, null, Progress.NONE);
            System.out.print(r.toMarkdown());
        }
        ChainResult expert = ChainEvaluator.evaluate(new ExpertPolicy(), "expert", cc, null, Progress.NONE);
        System.out.print(expert.toMarkdown().lines().limit(3).reduce("", (a, b) -> a + b + "\n"));
    }

    /**
     * Closed loop from the exact start states of the training episodes (rebuilt by replaying the generator's random
     * draws): the policy, and the recorded actions replayed (a check of the rebuilt start), run the episode's task
     * for up to 240 steps.
     */
    @Test
    void trainingStarts() {
        Torch.setThreads(1);
        int episodes = Integer.getInteger("diag.episodes", 20);
        Path dir = Path.of(System.getProperty("diag.policy", "/tmp/diag9/best"));
        GeneratorConfig gc = GeneratorConfig.of(List.of(Scene.A), Setting.STATIC).withCameras(16, 16);
        EpisodeGenerator gen = new EpisodeGenerator(gc, 0);
        StateOracleEncoder enc = new StateOracleEncoder(Tabletop.STATE_NAMES.size());
        EncoderFeatures features = new EncoderFeatures(enc, List.of("top"), -1);
        List<Episode> train = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            train.add(gen.generate(i));
        }
        int policyWins = 0;
        int replayWins = 0;
        try (VppPolicy policy = VppPolicy.load(dir, features)) {
            for (int i = 0; i < episodes; i++) {
                Episode ep = train.get(i);
                for (boolean replay : new boolean[]{true, false}) {
                    TabletopWorld world = startOf(gen, gc, i, ep);
                    String taskId = ep.windows().get(0).taskId();
                    Task task = Task.all().stream().filter(t -> t.id().equals(taskId)).findFirst().orElseThrow();
                    TabletopState start = world.state();
                    Renderer renderer = new Renderer(world.scene(), 16, 16);
                    policy.reset();
                    boolean ok = false;
                    int steps = 0;
                    while (steps < 240 && !ok) {
                        float[][] chunk;
                        if (replay) {
                            chunk = new float[][]{steps < ep.length() ? ep.actions()[steps]
                                    : new float[]{0, 0, 0, ep.actions()[ep.length() - 1][3]}};
                        } else {
                            Map<String, RgbImage> images = new LinkedHashMap<>();
                            images.put("top", renderer.render(world, Camera.TOP));
                            chunk = policy.act(new Observation(images, world.state().values(),
                                    ep.windows().get(0).instruction()));
                        }
                        for (float[] a : chunk) {
                            world.step(a);
                            steps++;
                            if (TaskOracle.success(task, world.layout(), start, world.state())) {
                                ok = true;
                                break;
                            }
                        }
                    }
                    if (replay) {
                        replayWins += ok ? 1 : 0;
                    } else {
                        policyWins += ok ? 1 : 0;
                        System.out.printf("episode %d %s: policy %s%n", i, task.id(), ok ? "succeeded" : "failed");
                    }
                }
            }
        }
        System.out.printf("training starts: replayed demonstrations succeed %d/%d, policy %d/%d%n", replayWins,
                episodes, policyWins, episodes);
    }

    /** The world at the start of episode i's demonstration, replaying EpisodeGenerator.singleTask's draws. */
    static TabletopWorld startOf(EpisodeGenerator gen, GeneratorConfig gc, int index, Episode ep) {
        SplittableRandom rng = new SplittableRandom(0 * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
        Scene scene = gc.scenes().get(index % gc.scenes().size());
        int attempts = Integer.parseInt(ep.extras().get("attempts"));
        List<Task> tasks = Task.all();
        for (int a = 1; a <= attempts; a++) {
            Task task = tasks.get(rng.nextInt(tasks.size()));
            if (a < attempts) {
                gen.demonstrate(task, scene, rng);
                continue;
            }
            for (int tries = 0; tries < 40; tries++) {
                TabletopWorld w = new TabletopWorld(
                        scene.realise(gc.setting(), rng), rng);
                if (TaskOracle.canStart(task, w)) {
                    return w;
                }
            }
        }
        throw new IllegalStateException("cannot rebuild the start of episode " + index);
    }

    @Test
    void diagnose() throws Exception {
        Torch.setThreads(1);
        int episodes = Integer.getInteger("diag.episodes", 20);
        int steps = Integer.getInteger("diag.steps", 400);
        int width = Integer.getInteger("diag.width", 64);
        double lr = Double.parseDouble(System.getProperty("diag.lr", "3e-4"));
        Path out = Path.of(System.getProperty("diag.out", "target/diag"));
        EpisodeGenerator gen = new EpisodeGenerator(GeneratorConfig.of(List.of(Scene.A), Setting.STATIC)
                .withCameras(16, 16), 0);
        List<Episode> train = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            train.add(gen.generate(i));
        }
        List<Episode> held = new ArrayList<>();
        for (int i = 1000; i < 1000 + 6; i++) {
            held.add(gen.generate(i));
        }
        int stateDim = train.get(0).stateNames().size();
        StateOracleEncoder enc = new StateOracleEncoder(stateDim);
        EncoderFeatures features = new EncoderFeatures(enc, List.of("top"), -1);
        VideoFormerConfig former = VideoFormerConfig.builder().optWidth(width).optDepth(2).optHeads(4)
                .optHeadDim(width / 4).optQueriesPerFrame(8).optFfMult(4).optBypass(Boolean.getBoolean("diag.bypass"))
                .build();
        VppConfig pc = VppConfig.defaults(TabletopInputs.vocabulary()).withFormer(former)
                .withHead(law(ActionHeadConfig.defaults().withWidth(width, 4)));
        PolicyTrainingConfig config = PolicyTrainingConfig.defaults(pc, features.describe())
                .withSteps(steps, Math.max(1, steps / 50), Math.max(10, steps / 4 / 10 * 10))
                .withLearningRate(lr).withValidationSamples(256);
        // validate on the TRAINING episodes: is the training fit itself good?
        PolicyTrainer.Report r = PolicyTrainer.run(config, features, train, train, out, Progress.NONE);
        System.out.printf("train samples %d; validations %s; mean-chunk MSE %.4f%n", r.trainSamples(),
                r.validations(), r.meanChunkMse());
        ChunkSamples s = ChunkSamples.of(train, 10, 4, "train");
        ChunkSamples h = ChunkSamples.of(held, 10, 4, "held");
        System.out.printf("held-out mean-chunk MSE %.4f%n", PolicyTrainer.meanChunkMse(s, h, h.spread(256)));
        if (!Boolean.getBoolean("diag.noMlp")) {
            System.out.printf("MLP standardised state: train/held %s; raw state: %s%n",
                    Arrays.toString(StateMlpBaseline.fit(s, h, true, 1500)),
                    Arrays.toString(StateMlpBaseline.fit(s, h, false, 1500)));
        }
        if (Boolean.getBoolean("diag.mlpOnly")) {
            return;
        }
        try (VppPolicy policy = VppPolicy.load(r.bestPolicy(), features); NDManager m = Torch.newManager()) {
            FeatureCache cache = new FeatureCache(features, s, true);
            cache.fill(m, 64, Progress.Bar.NONE);
            int[] idx = s.spread(128);
            for (double sigma : new double[]{0.01, 0.1, 0.3, 1.0, 3.0}) {
                System.out.printf("sigma %.2f: denoiser MSE %.4f, with shuffled context %.4f%n", sigma,
                        denoiseMse(policy, s, cache, idx, sigma, false, m),
                        denoiseMse(policy, s, cache, idx, sigma, true, m));
            }
            System.out.printf("sampled MSE on training samples %.4f%n",
                    PolicyTrainer.validate(policy, s, cache, idx, 64, 0, m)[0]);
            for (double[] range : new double[][]{{80, 1}, {80, 0.001}, {5, 1}, {5, 0.01}, {2, 0.01}}) {
                System.out.printf("custom sampler sigma %.3f..%.3f: MSE %.4f%n", range[0], range[1],
                        sampleMse(policy, s, cache, idx, range[0], range[1], 10, m));
            }
        }
    }

    /** The head's context as the policy computes it: tokens standardised with its statistics, Former, encoder. */
    static NDArray context(VppPolicy policy, NDArray tokens, List<String> instructions) {
        NDManager m = tokens.getManager();
        NDArray z = policy.featureStats() == null ? tokens : tokens.sub(m.create(policy.featureStats().mean()))
                .div(m.create(policy.featureStats().std()));
        return policy.head().context(policy.former().forward(z), instructions);
    }

    static ActionHeadConfig law(ActionHeadConfig c) {
        double loc = Math.log(Double.parseDouble(System.getProperty("diag.loc", "0.5")));
        double scale = Double.parseDouble(System.getProperty("diag.scale", "0.5"));
        return c.toBuilder().optTrainLocation(loc).optTrainScale(scale).build();
    }

    static double denoiseMse(VppPolicy policy, ChunkSamples s, FeatureCache cache, int[] idx, double sigma,
                             boolean shuffle, NDManager m) {
        try (NDManager scope = m.newSubManager()) {
            int b = idx.length;
            int[] ctxIdx = idx.clone();
            if (shuffle) {
                for (int i = 0; i < b; i++) {
                    ctxIdx[i] = idx[(i + b / 2) % b];
                }
            }
            List<String> instr = new ArrayList<>();
            for (int i : ctxIdx) {
                instr.add(s.instruction(i));
            }
            NDArray ctx = context(policy, cache.tokens(scope, ctxIdx), instr);
            int ha = 40;
            float[] y = new float[b * ha];
            float[] x = new float[b * ha];
            SplittableRandom rng = new SplittableRandom(5);
            for (int i = 0; i < b; i++) {
                System.arraycopy(s.chunk(idx[i]), 0, y, i * ha, ha);
            }
            for (int j = 0; j < y.length; j++) {
                x[j] = (float) (y[j] + sigma * rng.nextGaussian());
            }
            float[] sig = new float[b];
            Arrays.fill(sig, (float) sigma);
            float[] d = policy.head().denoise(ctx, scope.create(x, new Shape(b, 10, 4)), sig).toFloatArray();
            double sum = 0;
            for (int j = 0; j < y.length; j++) {
                sum += (d[j] - y[j]) * (d[j] - y[j]);
            }
            return sum / y.length;
        }
    }

    static double sampleMse(VppPolicy policy, ChunkSamples s, FeatureCache cache, int[] idx, double hi, double lo,
                            int steps, NDManager m) {
        try (NDManager scope = m.newSubManager()) {
            int b = idx.length;
            List<String> instr = new ArrayList<>();
            for (int i : idx) {
                instr.add(s.instruction(i));
            }
            NDArray ctx = context(policy, cache.tokens(scope, idx), instr);
            double[] sig = new double[steps + 1];
            for (int i = 0; i < steps; i++) {
                sig[i] = Math.exp(Math.log(hi) + (double) i / (steps - 1) * (Math.log(lo) - Math.log(hi)));
            }
            SplittableRandom rng = new SplittableRandom(9);
            float[] start = new float[b * 40];
            for (int j = 0; j < start.length; j++) {
                start[j] = (float) (rng.nextGaussian() * hi);
            }
            NDArray x = scope.create(start, new Shape(b, 10, 4));
            float[] level = new float[b];
            for (int i = 0; i < steps; i++) {
                Arrays.fill(level, (float) sig[i]);
                NDArray d = policy.head().denoise(ctx, x, level);
                x = policy.head().schedule().ddimStep(x, d, sig[i], sig[i + 1]);
            }
            float[] out = x.toFloatArray();
            double sum = 0;
            for (int i = 0; i < b; i++) {
                float[] y = s.chunk(idx[i]);
                for (int j = 0; j < 40; j++) {
                    double v = Math.max(-1, Math.min(1, out[i * 40 + j]));
                    sum += (v - y[j]) * (v - y[j]);
                }
            }
            return sum / (b * 40.0);
        }
    }

}
