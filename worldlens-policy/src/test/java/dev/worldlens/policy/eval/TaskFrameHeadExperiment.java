package dev.worldlens.policy.eval;

import dev.worldlens.core.Dataset;
import dev.worldlens.core.Progress;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.policy.train.PolicyTrainer;
import dev.worldlens.policy.train.PolicyTrainingConfig;
import dev.worldlens.policy.train.TrainingEpisodes;
import dev.worldlens.policy.vpp.VppConfig;
import dev.worldlens.policy.vpp.VppPolicy;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;

/**
 * The diffusion head over the task frame instead of the state (BENCHMARKS.md, "Policies on the state"), off by
 * default: -Dworldlens.exp=true -Dexp.data=DATASET -Dexp.out=RUN [-Dexp.steps=6000 -Dexp.chains=100].
 */
@EnabledIfSystemProperty(named = "worldlens.exp", matches = "true")
class TaskFrameHeadExperiment {

    @Test
    void trainAndEvaluate() throws Exception {
        Path data = Path.of(System.getProperty("exp.data"));
        Path out = Path.of(System.getProperty("exp.out"));
        int steps = Integer.getInteger("exp.steps", 6000);
        int chains = Integer.getInteger("exp.chains", 100);
        TrainingEpisodes episodes;
        try (Dataset d = DatasetFormats.openDataset(data)) {
            episodes = TrainingEpisodes.split(d, 0.1);
        }
        try (TaskFrameTokens features = new TaskFrameTokens()) {
            VppConfig policy = VppConfig.defaults(TabletopInputs.vocabulary());
            PolicyTrainingConfig config = PolicyTrainingConfig.schedule(policy, "task-frame", steps)
                    .withLearningRate(1e-3);
            PolicyTrainer.Report r = PolicyTrainer.run(config, features, episodes.train(), episodes.validation(),
                    out, Progress.NONE);
            System.err.println("best validation " + r.bestMse() + " at " + r.bestStep() + ", mean chunk "
                    + r.meanChunkMse());
            try (VppPolicy p = VppPolicy.load(r.bestPolicy(), features)) {
                for (Scene scene : new Scene[]{Scene.D, Scene.A}) {
                    ChainConfig c = ChainConfig.defaults().withChains(chains).withScene(scene, Setting.STATIC)
                            .withCameras(64, 32).withGifs(1);
                    ChainResult result = ChainEvaluator.evaluate(p, "task-frame head", c,
                            out.resolve("eval-" + scene), Progress.NONE);
                    result.write(out.resolve("eval-" + scene));
                    System.err.println(result.toMarkdown());
                }
            }
        }
    }
}
