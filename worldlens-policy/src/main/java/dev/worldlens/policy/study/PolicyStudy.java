package dev.worldlens.policy.study;
import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.Dataset;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RunFolder;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.encoders.family.Families;
import dev.worldlens.encoders.family.FamilyConfig;
import dev.worldlens.encoders.family.TrainedModelSpec;
import dev.worldlens.encoders.pretrain.PretrainRun;
import dev.worldlens.nn.train.Checkpoint;
import dev.worldlens.policy.Policy;
import dev.worldlens.policy.VisualFeatures;
import dev.worldlens.policy.eval.ChainConfig;
import dev.worldlens.policy.eval.ChainEvaluator;
import dev.worldlens.policy.eval.ChainResult;
import dev.worldlens.policy.eval.NamedPolicy;
import dev.worldlens.policy.eval.TabletopInputs;
import dev.worldlens.policy.eval.TaskFrameFeatures;
import dev.worldlens.policy.features.PolicyFeatureSpec;
import dev.worldlens.policy.head.ActionHeadConfig;
import dev.worldlens.policy.head.VideoFormerConfig;
import dev.worldlens.policy.predictor.PredictorConfig;
import dev.worldlens.policy.predictor.PredictorJob;
import dev.worldlens.policy.predictor.PredictorSpec;
import dev.worldlens.policy.reference.MlpChunkPolicy;
import dev.worldlens.policy.reference.NearestNeighbourPolicy;
import dev.worldlens.policy.train.ChunkSamples;
import dev.worldlens.policy.train.PolicyTrainer;
import dev.worldlens.policy.train.PolicyTrainingConfig;
import dev.worldlens.policy.train.TrainingEpisodes;
import dev.worldlens.policy.train.TrainingSamples;
import dev.worldlens.policy.vpp.VppConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import dev.worldlens.sim.Tabletop;
import dev.worldlens.sim.dataset.SimDatasetJob;
import dev.worldlens.sim.dataset.SimGenerateConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * VPP against its baselines as one run: the play dataset (scenes A-C), stage 1 (the video predictor), the baseline
 * encoders, stage 2 for every variant with the same head and budget, then CALVIN-style chains in the unseen scene for
 * each policy, the scripted expert and a random policy; results.json and results.md hold the table. Every stage
 * keeps its outputs under the study folder and a rerun skips what is finished, so an interrupted study resumes.
 */
public final class PolicyStudy {
    static final String DATA = "data";
    static final String PREDICTOR = "predictor";
    static final String ENCODERS = "encoders";
    static final String POLICIES = "policies";
    static final String EVAL = "eval";
    static final String EVAL_SEEN = "eval-seen";
    static final String FEATURES = "features";
    static final String EXPERT = "expert";
    static final String RANDOM = "random";
    static final String NEAREST = "nearest-neighbour";
    static final String MLP = "mlp-state";
    private static final int EPISODES_PER_FILE = 50;
    private static final List<String> CAMERAS = TabletopInputs.cameras();

    private final PolicyStudyConfig config;
    private final Path root;
    private final Progress progress;
    private Shared shared;

    /** Stage-2 samples with their features, kept for the next variant over the same features. */
    private record Shared(String spec, VisualFeatures features, TrainingSamples samples) {
    }

    private PolicyStudy(PolicyStudyConfig config, Path root, Progress progress) {
        this.config = config;
        this.root = root;
        this.progress = progress;
    }

    /** Runs (or resumes) the policy study described by {@code config} in {@code folder}. */
    public static PolicyStudyResults run(PolicyStudyConfig config, Path folder, Progress progress) {
        return new PolicyStudy(config, folder, progress).run();
    }

    private PolicyStudyResults run() {
        long t0 = System.nanoTime();
        RunFolder run = RunFolder.open(root, "policy study", config, config.seed());
        TrainingEpisodes episodes;
        try (Dataset data = DatasetFormats.openDataset(dataset())) {
            run.recordData(Map.of("data", data.fingerprint()));
            if (config.variants().stream().anyMatch(PolicyStudyConfig::predictive)) {
                predictor(data);
            }
            for (PolicyStudyConfig.Encoder e : config.encoders()) {
                encoder(e, data);
            }
            episodes = TrainingEpisodes.split(data, config.policy().validation());
        }
        List<PolicyStudyResults.Row> rows = new ArrayList<>();
        try {
            for (String variant : config.variants()) {
                JsonNode summary = train(variant, episodes);
                Path policyRun = root.resolve(POLICIES).resolve(variant);
                rows.add(PolicyStudyResults.Row.of(variant, describe(variant), evaluate(variant,
                        policyRun.toString(), false), seen(variant, policyRun.toString()), summary));
            }
        } finally {
            releaseShared();
        }
        TrainingEpisodes demonstrations = episodes;
        int horizon = ActionHeadConfig.defaults().horizon();
        try (FittedOnce mlp = new FittedOnce(() -> MlpChunkPolicy.fit(ChunkSamples.of(demonstrations.train(),
                horizon, Tabletop.ACTION_SCHEMA.dim(), "training episodes"), TabletopInputs.vocabulary(),
                Math.min(MlpChunkPolicy.DEFAULT_STEPS, 10 * config.policy().steps()), MlpChunkPolicy.DEFAULT_BATCH,
                MlpChunkPolicy.DEFAULT_LR, config.seed(), progress));
             FittedOnce nearest = new FittedOnce(() -> NearestNeighbourPolicy.of(demonstrations.train(), horizon,
                     new TaskFrameFeatures()))) {
            rows.add(PolicyStudyResults.Row.of(MLP, "an MLP (state, instruction words) -> chunk (privileged: a "
                    + "reference for the learner)", evaluate(MLP, mlp.views(), false), seen(MLP, mlp.views()),
                    null));
            rows.add(PolicyStudyResults.Row.of(NEAREST, "the chunk of the training frame of the same task nearest "
                    + "in the task frame: its block and goal relative to the gripper (privileged, training-free: a "
                    + "reference for the data)", evaluate(NEAREST, nearest.views(), false), seen(NEAREST,
                    nearest.views()), null));
        }
        rows.add(PolicyStudyResults.Row.of(EXPERT, "scripted expert (privileged: told the task; the ceiling)",
                evaluate(EXPERT, EXPERT, false), seen(EXPERT, EXPERT), null));
        rows.add(PolicyStudyResults.Row.of(NamedPolicy.EXPERT_CHUNK, "scripted expert planning whole chunks open "
                + "loop (privileged: shows that chunked execution can succeed)", evaluate(NamedPolicy.EXPERT_CHUNK,
                NamedPolicy.EXPERT_CHUNK, false), seen(NamedPolicy.EXPERT_CHUNK, NamedPolicy.EXPERT_CHUNK), null));
        rows.add(PolicyStudyResults.Row.of(RANDOM, "uniform random chunks (the floor)", evaluate(RANDOM, RANDOM,
                false), seen(RANDOM, RANDOM), null));
        PolicyStudyResults results = new PolicyStudyResults(config.preset(), config.eval().chains(),
                config.eval().scene(), config.eval().seenScene(), rows, (System.nanoTime() - t0) / 1e9);
        results.write(root);
        run.finish();
        return results;
    }

    private String describe(String variant) {
        return switch (variant) {
            case PolicyStudyConfig.VPP -> "VPP: predictive features of the video predictor, Video Former, head";
            case PolicyStudyConfig.VPP_NO_FORMER -> "VPP without the Video Former (the head reads every token)";
            case PolicyStudyConfig.VPP_POOLED -> "VPP without the Video Former, tokens averaged to the Former's count";
            case "state" -> "the same head on the simulator's true state (privileged: a reference, not a baseline)";
            case PolicyFeatureSpec.TASK_FRAME -> "the same head on the task frame: the named block and goal relative "
                    + "to the gripper (privileged: the state policy of gate 1, a reference)";
            case PolicyFeatureSpec.GRIPPER_FRAME -> "the same head on every block and goal relative to the gripper "
                    + "(privileged; the instruction left to the policy)";
            case PolicyFeatureSpec.OBJECTS -> "the same head on one token per object (privileged; the instruction "
                    + "left to the policy)";
            default -> config.encoder(variant) != null
                    ? "the same head on frozen " + variant + " features of the current frames (not predictive)"
                    : "the same head on the built-in " + variant + " encoder (not predictive)";
        };
    }

    private Path dataset() {
        PolicyStudyConfig.Data d = config.data();
        Path path = root.resolve(DATA);
        SimGenerateConfig generate;
        try {
            generate = SimGenerateConfig.builder().optScenes(d.scenes()).optSetting(d.setting())
                    .optEpisodes(d.episodes()).optSeed(config.seed()).optTopSize(d.topSize())
                    .optGripperSize(d.gripperSize()).optPlayTasks(d.playTasks()).optMaxSteps(d.maxSteps())
                    .optEpisodesPerFile(EPISODES_PER_FILE).optBalanced(Boolean.TRUE.equals(d.balanced())).build();
        } catch (InvalidInputException bad) {
            throw bad.renamed(Map.of("scenes", "data.scenes", "setting", "data.setting", "episodes", "data.episodes"));
        }
        return SimDatasetJob.run(generate, path, progress);
    }

    private void predictor(Dataset data) {
        PolicyStudyConfig.Predictor p = config.predictor();
        PredictorConfig c = PredictorConfig.ofSize(p.size());
        if (p.steps() != null) {
            c = c.withSteps(p.steps());
        }
        c = c.withSeed(config.seed());
        Path out = root.resolve(PREDICTOR);
        if (finished(out, c.steps()) && PredictorSpec.isRun(out)) {
            return;
        }
        PredictorJob.run(c, data.source(), TabletopInputs.instructions(), out, progress);
    }

    private void encoder(PolicyStudyConfig.Encoder e, Dataset data) {
        Path out = root.resolve(ENCODERS).resolve(e.family());
        if (finished(out, e.steps()) && TrainedModelSpec.isRun(out)) {
            return;
        }
        FamilyConfig d;
        try {
            d = Families.defaults(e.family());
        } catch (InvalidInputException bad) {
            throw bad.renamed(Map.of("family", "encoders[" + config.encoders().indexOf(e) + "].family"));
        }
        FamilyConfig model = d.withSize(e.imageSize(), d.width(), d.depth(), d.heads());
        PretrainRun.Request request = PretrainRun.Request.builder().setModel(model).setData(data).optCamera("top")
                .setSteps(e.steps()).setBatch(model.option("batch", 32)).setLearningRate(model.option("lr", 1e-3))
                .optWeightDecay(0.05).optSeed(config.seed()).optSplit("episode").optSplitSeed(config.seed()).build();
        PretrainRun.run(request, out, false, progress);
    }

    private static boolean finished(Path run, int steps) {
        Path latest = Checkpoint.latest(run);
        return latest != null && Checkpoint.completedSteps(latest) == steps;
    }

    /** Stage 2 of one variant (skipped when its summary shows the configured steps); its summary.json. */
    private JsonNode train(String variant, TrainingEpisodes episodes) {
        Path out = root.resolve(POLICIES).resolve(variant);
        JsonNode summary = readSummary(out);
        if (summary != null && summary.path("steps").asInt() == config.policy().steps()) {
            return summary;
        }
        // absolute, so that the policy folder's features.json reopens them from any working directory
        String features = PolicyStudyConfig.predictive(variant)
                ? PolicyFeatureSpec.VPP + root.resolve(PREDICTOR).toAbsolutePath()
                : config.encoder(variant) != null
                ? root.resolve(ENCODERS).resolve(variant).toAbsolutePath().toString() : variant;
        PolicyFeatureSpec spec = new PolicyFeatureSpec(features, CAMERAS, -1);
        VppConfig policy = VppConfig.defaults(TabletopInputs.vocabulary()).withSeed(config.seed());
        if (variant.equals(PolicyStudyConfig.VPP_NO_FORMER)) {
            policy = policy.withFormer(VideoFormerConfig.defaults().bypassed());
        } else if (variant.equals(PolicyStudyConfig.VPP_POOLED)) {
            policy = policy.withFormer(VideoFormerConfig.defaults().bypassedPooled());
        }
        PolicyStudyConfig.Training t = config.policy();
        PolicyTrainingConfig training = PolicyTrainingConfig.schedule(policy, spec.toString(), t.steps())
                .withBatch(t.batch()).withLearningRate(t.lr()).withSampleStride(t.stride());
        PolicyTrainer.ClosedLoopCheck check = null;
        if (t.checks() > 0) {
            Scene seen = Scene.parse(config.eval().seenScene() != null ? config.eval().seenScene()
                    : Scene.parseList(config.data().scenes()).get(0).name());
            training = training.withRollouts(t.checks(), t.rolloutEvery(), seen.name());
            check = ChainEvaluator.check(ChainConfig.defaults().withChains(t.checks())
                    .withScene(seen, Setting.parse(config.eval().setting())).withGifs(0).withSeed(config.seed())
                    .withCameras(config.data().topSize(), config.data().gripperSize()));
        }
        System.err.printf(Locale.ROOT, "policy %s: %d steps on %d training episodes (%d held out)%n", variant,
                training.steps(), episodes.train().size(), episodes.validation().size());
        spec.write(out);
        PolicyTrainer.run(training, samples(variant, spec, training, episodes), out, check, progress);
        return readSummary(out);
    }

    /**
     * The stage-2 samples over {@code spec}'s features, computed once for consecutive variants that read the same
     * features (VPP and its ablations: the predictor's pass over every sample costs minutes); the previous ones are
     * released when the features change.
     */
    private TrainingSamples samples(String variant, PolicyFeatureSpec spec, PolicyTrainingConfig training,
                                    TrainingEpisodes episodes) {
        if (shared != null && shared.spec().equals(spec.spec())) {
            return shared.samples();
        }
        releaseShared();
        VisualFeatures vf = spec.open(episodes.stateDim());
        try {
            TrainingSamples samples = TrainingSamples.prepare(vf, episodes.train(), episodes.validation(), training,
                    root.resolve(FEATURES).resolve(PolicyStudyConfig.predictive(variant) ? PREDICTOR : variant),
                    progress);
            shared = new Shared(spec.spec(), vf, samples);
            return samples;
        } catch (RuntimeException e) {
            vf.close();
            throw e;
        }
    }

    private void releaseShared() {
        if (shared != null) {
            shared.samples().close();
            shared.features().close();
            shared = null;
        }
    }

    private static JsonNode readSummary(Path run) {
        Path file = run.resolve(PolicyTrainer.SUMMARY);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(file, "summary", "unreadable: " + e.getMessage());
        }
    }

    /** The chains in the seen scene, or null when the config asks for none. */
    private ChainResult seen(String name, String policySpec) {
        return seen(name, () -> NamedPolicy.open(policySpec));
    }

    private ChainResult seen(String name, Supplier<Policy> policy) {
        return config.eval().seenScene() == null ? null : evaluate(name, policy, true);
    }

    private ChainResult evaluate(String name, String policySpec, boolean seenScene) {
        return evaluate(name, () -> NamedPolicy.open(policySpec), seenScene);
    }

    /**
     * The chains for one policy in the unseen scene, or in the seen one (read back when an earlier run finished
     * them).
     */
    private ChainResult evaluate(String name, Supplier<Policy> policy, boolean seenScene) {
        Path out = root.resolve(seenScene ? EVAL_SEEN : EVAL).resolve(name);
        Path file = out.resolve("results.json");
        PolicyStudyConfig.Eval e = config.eval();
        Scene scene;
        Setting setting;
        try {
            scene = Scene.parse(seenScene ? e.seenScene() : e.scene());
            setting = Setting.parse(e.setting());
        } catch (InvalidInputException bad) {
            throw bad.renamed(Map.of("scene", seenScene ? "eval.seenScene" : "eval.scene", "setting", "eval.setting"));
        }
        ChainConfig chains = ChainConfig.defaults().withChains(e.chains()).withScene(scene, setting)
                .withCameras(config.data().topSize(), config.data().gripperSize())
                .withGifs(name.equals(RANDOM) ? 0 : e.gifs()).withSeed(config.seed());
        if (Files.isRegularFile(file)) {
            try {
                ChainResult done = Json.JSON.readValue(file.toFile(), ChainResult.class);
                if (done.config().equals(chains)) {
                    return done;
                }
            } catch (IOException ex) {
                // an unreadable result is redone below
            }
        }
        ChainResult result;
        try (Policy p = policy.get()) {
            result = ChainEvaluator.evaluate(p, name, chains, out, progress);
        }
        result.write(out);
        return result;
    }
}
