package dev.worldlens.cli.policy;
import dev.worldlens.cli.ConfigFlags;
import dev.worldlens.cli.TerminalProgress;
import dev.worldlens.core.Dataset;
import dev.worldlens.core.Episode;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.policy.VisualFeatures;
import dev.worldlens.policy.eval.ChainConfig;
import dev.worldlens.policy.eval.ChainEvaluator;
import dev.worldlens.policy.eval.TabletopInputs;
import dev.worldlens.policy.features.PolicyFeatureSpec;
import dev.worldlens.policy.head.VideoFormerConfig;
import dev.worldlens.policy.train.PolicyTrainer;
import dev.worldlens.policy.train.PolicyTrainingConfig;
import dev.worldlens.policy.train.TrainingEpisodes;
import dev.worldlens.policy.vpp.VppConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stage 2: train the Video Former and diffusion action head on frozen features of a dataset's "
                + "language windows (AdamW, warm-up and cosine decay, the checkpoint kept by validation action MSE). "
                + "Resumes after an interruption."})
final class PolicyTrainCommand implements Callable<Integer>, ConfigFlags {
    private static final Map<String, String> FLAGS = Map.of("spec", "--features", "encoder", "--features");

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Episodes with language windows "
            + "(e.g. `worldlens sim generate --scenes A,B,C --play-tasks 5`).")
    Path data;
    @Option(names = "--features", required = true, paramLabel = "SPEC", description = "vpp:RUN (VPP's predictive features "
            + "of a `policy train-predictor` run), or a frozen encoder: raw[:SIDE], random-vit, state, or a `worldlens "
            + "pretrain` run folder (the image-ssl and vae baselines), or task-frame (privileged: the Tabletop's task "
            + "frame, the instruction's block and goal relative to the gripper, computed from the state) or "
            + "gripper-frame (privileged: every block and goal relative to the gripper; the instruction is left to "
            + "the policy) or objects (the same as one token per object, each saying what it is).")
    String features;
    @Option(names = "--cameras", split = ",", defaultValue = "top,gripper", description = "Cameras whose tokens the "
            + "policy reads (default: ${DEFAULT-VALUE}).")
    List<String> cameras;
    @Option(names = "--no-former", description = "Bypass the Video Former (its ablation baseline): the head reads "
            + "every token.")
    boolean noFormer;
    @Option(names = "--pool-tokens", description = "With --no-former: average each frame's tokens in groups down to "
            + "the Former's query count first (the head's cost stays VPP's).")
    boolean poolTokens;
    @Option(names = "--steps", defaultValue = "3000", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--lr", defaultValue = "1e-4", description = "Peak learning rate (default: ${DEFAULT-VALUE}, "
            + "VPP's).")
    double lr;
    @Option(names = "--validation-fraction", defaultValue = "0.1", description = "Share of episodes (the last ones) "
            + "held out for the validation MSE (default: ${DEFAULT-VALUE}).")
    double validationFraction;
    @Option(names = "--rollout-chains", defaultValue = "0", description = "Chains run closed loop in the "
            + "--rollout-scene at every --rollout-every steps and at the end; the kept policy is then the one with the "
            + "longest average chain, not the lowest validation MSE. 0: select by MSE (default: ${DEFAULT-VALUE}).")
    int rolloutChains;
    @Option(names = "--rollout-every", defaultValue = "2000", description = "Steps between closed-loop checks, a "
            + "multiple of the validation interval (default: ${DEFAULT-VALUE}).")
    int rolloutEvery;
    @Option(names = "--rollout-scene", defaultValue = "A", description = "Scene of the closed-loop checks, one the "
            + "data was recorded in (default: ${DEFAULT-VALUE}).")
    String rolloutScene;
    @Option(names = "--instructions", defaultValue = "words", description = "The instruction encoder under the "
            + "head's MLP: words (word embeddings learned with the head) or minilm (the frozen pretrained sentence "
            + "encoder all-MiniLM-L6-v2) (default: ${DEFAULT-VALUE}).")
    String instructions;
    @Option(names = "--hold-out-phrasing", defaultValue = "-1", description = "Leave every Tabletop task's phrasing "
            + "K (0..2) out of training, to evaluate it as unseen with `policy eval --phrasing K`; -1 keeps all "
            + "(default: ${DEFAULT-VALUE}).")
    int holdOutPhrasing;
    @Option(names = "--sample-stride", defaultValue = "1", description = "Train on every Nth frame of each language "
            + "window (default: ${DEFAULT-VALUE}, every frame, VPP's): neighbouring frames give nearly the same "
            + "sample, and large features fill gigabytes.")
    int sampleStride;
    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run folder (resumed if it exists).")
    Path out;

    @Override
    public Integer call() {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new InvalidInputException("--validation-fraction", "expected a share in (0, 1), got "
                    + validationFraction);
        }
        if (sampleStride < 1) {
            throw new InvalidInputException("--sample-stride", "expected a sample every 1 or more frames, got "
                    + sampleStride);
        }
        if (rolloutChains < 0) {
            throw new InvalidInputException("--rollout-chains", "expected 0 (select by validation MSE) or more chains, "
                    + "got " + rolloutChains);
        }
        Scene checkScene;
        try {
            checkScene = Scene.parse(rolloutScene);
        } catch (InvalidInputException bad) {
            throw bad.renamed(Map.of("scene", "--rollout-scene"));
        }
        Set<String> heldOut;
        try {
            heldOut = holdOutPhrasing == -1 ? Set.of() : TabletopInputs.phrasing(holdOutPhrasing);
        } catch (InvalidInputException bad) {
            throw bad.renamed(Map.of("phrasing", "--hold-out-phrasing"));
        }
        VppConfig policy;
        try {
            policy = VppConfig.defaults(TabletopInputs.vocabulary()).withSeed(seed).withInstructions(instructions);
        } catch (InvalidInputException bad) {
            throw bad.renamed(Map.of("instructions", "--instructions"));
        }
        PolicyFeatureSpec spec = new PolicyFeatureSpec(features, cameras, -1);
        if (poolTokens && !noFormer) {
            throw new InvalidInputException("--pool-tokens", "pools the tokens of the Former's bypass; add --no-former");
        }
        if (noFormer) {
            policy = policy.withFormer(poolTokens ? VideoFormerConfig.defaults().bypassedPooled()
                    : VideoFormerConfig.defaults().bypassed());
        }
        if (!(lr > 0)) {
            throw new InvalidInputException("--lr", "expected a positive learning rate, got " + lr);
        }
        PolicyTrainingConfig config = PolicyTrainingConfig.schedule(policy, spec.toString(), steps).withLearningRate(lr)
                .withSampleStride(sampleStride);
        try {
            config = config.withRollouts(rolloutChains, rolloutEvery, checkScene.name());
        } catch (IllegalArgumentException bad) {
            throw new InvalidInputException("--rollout-every", bad.getMessage());
        }
        TrainingEpisodes episodes;
        try (Dataset dataset = DatasetFormats.openDataset(data)) {
            episodes = TrainingEpisodes.split(dataset, validationFraction).withoutInstructions(heldOut);
        }
        PolicyTrainer.Report report;
        try (VisualFeatures vf = spec.open(episodes.stateDim())) {
            // written once the features open: an unknown spec leaves no folder behind
            spec.write(out);
            report = PolicyTrainer.run(config, vf, episodes.train(), episodes.validation(), out,
                    config.selectsByRollout() ? check(episodes.train().get(0), checkScene) : null,
                    TerminalProgress.INSTANCE);
        }
        String kept = !config.selectsByRollout() ? "best validation MSE" : report.validations().stream()
                .filter(v -> v.step() == report.bestStep()).findFirst().map(v -> String.format(Locale.ROOT,
                        "kept for its average length %.2f over %d chains in %s; validation MSE", v.rolloutLength(),
                        rolloutChains, checkScene)).orElse("no policy kept; validation MSE");
        System.out.printf(Locale.ROOT, "wrote %s: %d steps (resumed at %d), %s %.4f at step %d (always answering "
                        + "the mean chunk: %.4f); policy in %s%n", out, report.steps(), report.resumedFrom(), kept,
                report.bestMse(), report.bestStep(), report.meanChunkMse(), report.bestPolicy());
        return 0;
    }

    /** The closed-loop check: --rollout-chains chains in the Tabletop at the dataset's camera sizes. */
    private PolicyTrainer.ClosedLoopCheck check(Episode first, Scene scene) {
        return ChainEvaluator.check(ChainConfig.defaults().withChains(rolloutChains).withScene(scene, Setting.STATIC)
                .withGifs(0).withSeed(seed).withCameras(first.frames().frame("top", 0).width(),
                        first.frames().frame("gripper", 0).width()));
    }

    @Override
    public Map<String, String> flags() {
        return FLAGS;
    }
}
