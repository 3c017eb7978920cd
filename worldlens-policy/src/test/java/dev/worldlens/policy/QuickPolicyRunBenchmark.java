package dev.worldlens.policy;

import dev.worldlens.core.Episode;
import dev.worldlens.core.Progress;
import dev.worldlens.encoders.BuiltinEncoders;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.nn.Torch;
import dev.worldlens.policy.eval.ChainConfig;
import dev.worldlens.policy.eval.ChainEvaluator;
import dev.worldlens.policy.eval.ChainResult;
import dev.worldlens.policy.eval.ExpertPolicy;
import dev.worldlens.policy.eval.RandomPolicy;
import dev.worldlens.policy.eval.TabletopInputs;
import dev.worldlens.policy.features.EncoderFeatures;
import dev.worldlens.policy.head.ActionHeadConfig;
import dev.worldlens.policy.head.VideoFormerConfig;
import dev.worldlens.policy.train.ChunkSamples;
import dev.worldlens.policy.train.PolicyTrainer;
import dev.worldlens.policy.train.PolicyTrainingConfig;
import dev.worldlens.policy.vpp.PolicyBenchmark;
import dev.worldlens.policy.vpp.VppConfig;
import dev.worldlens.policy.vpp.VppPolicy;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small end-to-end stage 2 on the Tabletop: expert episodes in scenes A-C (training) and D (validation), a frozen
 * encoder, the policy trained, then chains in scene D next to the expert and random policies. Off by default; run
 * with {@code mvn -B -o test -pl worldlens-policy -am -Dtest=QuickPolicyRunBenchmark -Dworldlens.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false} and -Dworldlens.run.{out,encoder,episodes,steps,chains,width,top,bypass,
 * sigmaMax,execute,scenes,evalScene}.
 */
@EnabledIfSystemProperty(named = "worldlens.bench", matches = "true")
class QuickPolicyRunBenchmark {
    private static ActionHeadConfig sigmaMax(ActionHeadConfig c, double max) {
        return c.toBuilder().optSigmaMax(max).build();
    }

    @Test
    void trainAndEvaluate() {
        Torch.setThreads(Integer.getInteger("worldlens.bench.threads", 1));
        Path out = Path.of(System.getProperty("worldlens.run.out", "target/quick-policy-run"));
        String encoderSpec = System.getProperty("worldlens.run.encoder", "raw:8");
        int episodes = Integer.getInteger("worldlens.run.episodes", 90);
        int steps = Integer.getInteger("worldlens.run.steps", 1500);
        int chains = Integer.getInteger("worldlens.run.chains", 20);
        int width = Integer.getInteger("worldlens.run.width", 64);
        int top = Integer.getInteger("worldlens.run.top", 32);
        boolean bypass = Boolean.getBoolean("worldlens.run.bypass");
        double sigmaMax = Double.parseDouble(System.getProperty("worldlens.run.sigmaMax", "80"));
        int execute = Integer.getInteger("worldlens.run.execute", 0);
        long t0 = System.nanoTime();
        List<Scene> trainScenes = Scene.parseList(System.getProperty("worldlens.run.scenes", "A,B,C"));
        Scene evalScene = Scene.parse(System.getProperty("worldlens.run.evalScene", "D"));
        EpisodeGenerator trainGen = new EpisodeGenerator(GeneratorConfig.of(trainScenes, Setting.STATIC)
                .withCameras(top, 16), 0);
        EpisodeGenerator valGen = new EpisodeGenerator(GeneratorConfig.of(List.of(evalScene), Setting.STATIC)
                .withCameras(top, 16), 1);
        List<Episode> train = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            train.add(trainGen.generate(i));
        }
        List<Episode> val = new ArrayList<>();
        for (int i = 0; i < Math.max(4, episodes / 10); i++) {
            val.add(valGen.generate(i));
        }
        System.out.printf("generated %d + %d episodes in %.1f s%n", train.size(), val.size(),
                (System.nanoTime() - t0) / 1e9);
        VideoFormerConfig former = VideoFormerConfig.builder().optWidth(width).optDepth(2).optHeads(4)
                .optHeadDim(width / 4).optQueriesPerFrame(8).optFfMult(4).optBypass(bypass).build();
        VppConfig policyConfig = VppConfig.defaults(TabletopInputs.vocabulary()).withFormer(former)
                .withHead(sigmaMax(ActionHeadConfig.defaults().withWidth(width, 4), sigmaMax));
        ChainConfig chainConfig = ChainConfig.defaults().withChains(chains).withCameras(top, 16)
                .withScene(evalScene, Setting.STATIC)
                .withExecuteSteps(execute);
        boolean state = encoderSpec.startsWith("state");
        try (Encoder encoder = BuiltinEncoders.create(encoderSpec, train.get(0).stateNames().size())) {
            EncoderFeatures features = new EncoderFeatures(encoder, state ? List.of("top")
                    : TabletopInputs.cameras(), -1);
            PolicyTrainingConfig config = PolicyTrainingConfig.defaults(policyConfig, features.describe())
                    .withSteps(steps, Math.max(1, steps / 50), Math.max(10, steps / 5 / 10 * 10))
                    .withLearningRate(3e-4);
            long t1 = System.nanoTime();
            PolicyTrainer.Report report = PolicyTrainer.run(config, features, train, val, out.resolve("train"),
                    Progress.NONE);
            for (PolicyTrainer.Validation v : report.validations()) {
                System.out.printf("step %d validation MSE %.4f%s%n", v.step(), v.mse(),
                        v.step() == report.bestStep() ? " (best)" : "");
            }
            System.out.printf("trained %d steps on %d samples in %.1f s; best validation MSE %.4f at step %d "
                            + "(mean chunk: %.4f)%n", report.steps(), report.trainSamples(),
                    (System.nanoTime() - t1) / 1e9, report.bestMse(), report.bestStep(), report.meanChunkMse());
            try (VppPolicy policy = VppPolicy.load(report.bestPolicy(), features)) {
                ChunkSamples s = ChunkSamples.of(val, 10, 4, "validation");
                System.out.print(PolicyBenchmark.measure(policy, List.of(s.observation(0), s.observation(5)), 3, 20)
                        .toMarkdown());
                ChainResult vpp = ChainEvaluator.evaluate(policy, (bypass ? "no-former/" : "former/") + encoderSpec,
                        chainConfig, out.resolve("eval-policy"), Progress.NONE);
                vpp.write(out.resolve("eval-policy"));
                System.out.print(vpp.toMarkdown());
                System.out.printf("evaluation took %.1f s%n", vpp.seconds());
            }
        }
        ChainResult expert = ChainEvaluator.evaluate(new ExpertPolicy(), "expert", chainConfig.withGifs(0), null,
                Progress.NONE);
        ChainResult random = ChainEvaluator.evaluate(new RandomPolicy(10, 4, 0), "random", chainConfig.withGifs(0),
                null, Progress.NONE);
        System.out.print(expert.toMarkdown().lines().limit(3).reduce("", (a, b) -> a + b + "\n"));
        System.out.print(random.toMarkdown().lines().limit(3).reduce("", (a, b) -> a + b + "\n"));
    }
}
