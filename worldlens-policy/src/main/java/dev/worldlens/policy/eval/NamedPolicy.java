package dev.worldlens.policy.eval;

import dev.worldlens.core.Dataset;
import dev.worldlens.core.Episode;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Progress;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.policy.Policy;
import dev.worldlens.policy.VisualFeatures;
import dev.worldlens.policy.features.PolicyFeatureSpec;
import dev.worldlens.policy.head.ActionHeadConfig;
import dev.worldlens.policy.reference.MlpChunkPolicy;
import dev.worldlens.policy.reference.NearestNeighbourPolicy;
import dev.worldlens.policy.reference.StateFeatures;
import dev.worldlens.policy.train.ChunkSamples;
import dev.worldlens.policy.train.PolicyTrainer;
import dev.worldlens.policy.vpp.VppPolicy;
import dev.worldlens.sim.ExpertStyle;
import dev.worldlens.sim.Tabletop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy named as evaluation and serving name it: {@code expert}, {@code expert-chunk} (the expert planning
 * chunks of the head's horizon open loop), {@code random}, {@code nearest:DATA} (the
 * training-free nearest-neighbour reference over every language window of a dataset), {@code mlp:DATA} (the MLP
 * chunk regressor, fitted on them when opened), {@code mlp-frame:DATA} (the same over the task frame instead of the
 * state), or a policy run's folder.
 */
public final class NamedPolicy {
    public static final String EXPERT_CHUNK = "expert-chunk";
    public static final String NEAREST = "nearest:";
    public static final String MLP = "mlp:";
    public static final String MLP_FRAME = "mlp-frame:";

    private NamedPolicy() {
    }

    /** A policy run's best policy with its features (closed together), or expert or random. */
    public static Policy open(String spec) {
        switch (spec) {
            case "expert":
                return new ExpertPolicy(ExpertStyle.DEFAULT, 0);
            case EXPERT_CHUNK:
                return new ExpertPolicy(ExpertStyle.DEFAULT, 0, ActionHeadConfig.defaults().horizon());
            case "random":
                return new RandomPolicy(10, Tabletop.ACTION_SCHEMA.dim(), 0);
            default:
                if (spec.startsWith(NEAREST) || spec.startsWith(MLP) || spec.startsWith(MLP_FRAME)) {
                    boolean nearest = spec.startsWith(NEAREST);
                    boolean frame = spec.startsWith(MLP_FRAME);
                    Path data = Path.of(spec.substring((nearest ? NEAREST : frame ? MLP_FRAME : MLP).length()));
                    int horizon = ActionHeadConfig.defaults().horizon();
                    try (Dataset d = DatasetFormats.openDataset(data)) {
                        List<Episode> episodes = new ArrayList<>();
                        d.source().forEach(episodes::add);
                        if (episodes.isEmpty()) {
                            throw new InvalidInputException(data, "episodes", "none; the " + (nearest
                                    ? "nearest-neighbour" : "MLP") + " reference is built from a dataset's "
                                    + "language windows");
                        }
                        return nearest ? NearestNeighbourPolicy.of(episodes, horizon, new TaskFrameFeatures())
                                : MlpChunkPolicy.fit(ChunkSamples.of(episodes, horizon,
                                episodes.get(0).actionSchema().dim(), "episodes of " + data),
                                TabletopInputs.vocabulary(), frame ? new TaskFrameFeatures()
                                        : StateFeatures.STATE, MlpChunkPolicy.DEFAULT_STEPS, MlpChunkPolicy.DEFAULT_BATCH,
                                MlpChunkPolicy.DEFAULT_LR, 0, Progress.NONE);
                    }
                }
                Path run = Path.of(spec);
                PolicyFeatureSpec features = PolicyFeatureSpec.read(run);
                Path best = run.resolve(PolicyTrainer.BEST);
                if (!best.toFile().isDirectory()) {
                    throw new InvalidInputException(run, "policy", "has no " + PolicyTrainer.BEST + "/ policy yet; "
                            + "let `worldlens policy train` reach its first validation");
                }
                VisualFeatures vf = features.open(Tabletop.STATE_NAMES.size());
                VppPolicy loaded = VppPolicy.load(best, vf);
                // the policy does not own its features: close both when evaluation ends
                return new Policy() {
                    @Override
                    public float[][] act(dev.worldlens.policy.Observation observation) {
                        return loaded.act(observation);
                    }

                    @Override
                    public void reset() {
                        loaded.reset();
                    }

                    @Override
                    public void close() {
                        loaded.close();
                        vf.close();
                    }
                };
        }
    }
}
