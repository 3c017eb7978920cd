package dev.worldlens.encoders.pretrain;

import dev.worldlens.core.Dataset;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Progress;
import dev.worldlens.core.Required;
import dev.worldlens.encoders.family.Families;
import dev.worldlens.encoders.family.FamilyConfig;
import dev.worldlens.nn.train.TrainingLoop;
import dev.worldlens.core.split.SplitKind;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Pretrains (or fine-tunes) a family on a dataset's training side with {@link PretrainJob}'s progress bars; used by
 * {@code pretrain} and by the study, so both resolve the split, the data-sized options and the run folder the same way.
 */
public final class PretrainRun {
    /** What to train; the split is resolved from the data, {@code init} is null for a fresh run. */
    public record Request(FamilyConfig model, Dataset data, String camera, int steps, int batch, double learningRate,
                          double weightDecay, long seed, String auxiliary, double auxWeight, int auxK, int auxBatch,
                          Path init, String split, long splitSeed, List<String> heldOutTasks) {

        public Request {
            heldOutTasks = List.copyOf(heldOutTasks);
        }

        /**
         * A builder: the model, the data, steps, batch and learning rate are required; the rest defaults to
         * {@code worldlens pretrain}'s defaults (camera top, weight decay 0.05, seed 0, no auxiliary objective, a
         * fresh run, the task split with seed 0).
         */
        public static Builder builder() {
            return new Builder();
        }

        /** Required fields are set with {@code set*}, optional ones with {@code opt*}. */
        public static final class Builder {
            private FamilyConfig model;
            private Dataset data;
            private String camera = "top";
            private Integer steps;
            private Integer batch;
            private Double learningRate;
            private double weightDecay = 0.05;
            private long seed = 0;
            private String auxiliary = "";
            private double auxWeight = 0;
            private int auxK = 1;
            private int auxBatch = 32;
            private Path init;
            private String split = "task";
            private long splitSeed = 0;
            private List<String> heldOutTasks = List.of();

            private Builder() {
            }

            /** The family and its size. */
            public Builder setModel(FamilyConfig model) {
                this.model = model;
                return this;
            }

            /** The dataset, opened once by the caller (its fingerprint is computed at most once). */
            public Builder setData(Dataset data) {
                this.data = data;
                return this;
            }

            /** Optimizer steps. */
            public Builder setSteps(int steps) {
                this.steps = steps;
                return this;
            }

            /** Samples per step. */
            public Builder setBatch(int batch) {
                this.batch = batch;
                return this;
            }

            /** Peak learning rate. */
            public Builder setLearningRate(double learningRate) {
                this.learningRate = learningRate;
                return this;
            }

            /** The camera whose frames are used (default top). */
            public Builder optCamera(String camera) {
                this.camera = camera;
                return this;
            }

            /** AdamW weight decay (default 0.05). */
            public Builder optWeightDecay(double weightDecay) {
                this.weightDecay = weightDecay;
                return this;
            }

            /** Seed of weights and batches (default 0). */
            public Builder optSeed(long seed) {
                this.seed = seed;
                return this;
            }

            /** An auxiliary objective (id-l1 = +ID, id-l2, single-frame, forward, contrastive); default "", none. */
            public Builder optAuxiliary(String auxiliary) {
                this.auxiliary = auxiliary;
                return this;
            }

            /** Lambda of the auxiliary loss (default 0; unused without an objective). */
            public Builder optAuxWeight(double auxWeight) {
                this.auxWeight = auxWeight;
                return this;
            }

            /** Frame gap of the auxiliary transitions (default 1). */
            public Builder optAuxK(int auxK) {
                this.auxK = auxK;
                return this;
            }

            /** Transitions per step for the auxiliary loss (default 32; unused without an objective). */
            public Builder optAuxBatch(int auxBatch) {
                this.auxBatch = auxBatch;
                return this;
            }

            /** A finished pretraining run to start from (fine-tuning); default null, a fresh run. */
            public Builder optInit(Path init) {
                this.init = init;
                return this;
            }

            /** task, scene or episode: only its training side is used (default task). */
            public Builder optSplit(String split) {
                this.split = split;
                return this;
            }

            /** Seed of the split; keep it equal to the probe's (default 0). */
            public Builder optSplitSeed(long splitSeed) {
                this.splitSeed = splitSeed;
                return this;
            }

            /**
             * Task families to keep out of training by name, instead of drawing them with the split seed: a study
             * probing several task splits pretrains once without every family any of them tests.
             */
            public Builder optHeldOutTasks(List<String> families) {
                this.heldOutTasks = families;
                return this;
            }

            /**
             * @throws IllegalStateException naming the required fields not set
             * @throws InvalidInputException naming {@code steps} or {@code batch} when below 1, {@code lr} unless
             *                               positive and finite, {@code weightDecay} unless finite and >= 0
             */
            public Request build() {
                Required.check("PretrainRun.Request", "model", model, "data", data, "steps", steps, "batch", batch,
                        "learningRate", learningRate);
                checkCounts(steps, batch);
                // NaN compares false with everything, so it is asked for positively
                if (!(learningRate > 0 && learningRate < Double.POSITIVE_INFINITY)) {
                    throw new InvalidInputException("lr", "expected a positive finite learning rate, got "
                            + learningRate);
                }
                if (!(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY)) {
                    throw new InvalidInputException("weightDecay", "expected a finite weight decay of 0 or more, got "
                            + weightDecay);
                }
                return new Request(model, data, camera, steps, batch, learningRate, weightDecay, seed, auxiliary,
                        auxWeight, auxK, auxBatch, init, split, splitSeed, heldOutTasks);
            }
        }
    }

    private PretrainRun() {
    }

    /** What {@link Request} and {@link PretrainSpec} builders check beyond presence. */
    static void checkCounts(int steps, int batch) {
        if (steps < 1) {
            throw new InvalidInputException("steps", "must be at least 1, got " + steps);
        }
        if (batch < 1) {
            throw new InvalidInputException("batch", "must be at least 1, got " + batch);
        }
    }

    public static TrainingLoop.Outcome run(Request r, Path out, boolean explicitActionDim, Progress progress) {
        FamilyConfig model = r.model();
        EpisodeSource source = r.data().source();
        if (model.options().containsKey("actionDim") && !explicitActionDim && source.size() > 0) {
            // a family that feeds actions to a dynamics model sizes its action input from the data
            model = model.withOptions(Map.of("actionDim",
                    Integer.toString(source.episode(0).actionSchema().dim())));
        }
        PretrainJob.Selection selection = r.heldOutTasks().isEmpty()
                ? PretrainJob.select(source, SplitKind.parse(r.split()), r.splitSeed())
                : PretrainJob.select(source, r.heldOutTasks());
        boolean aux = !r.auxiliary().isEmpty();
        PretrainSpec spec = PretrainSpec.builder().setModel(model).setData(r.data().path().toString())
                .setCamera(r.camera()).setSteps(r.steps()).setBatch(r.batch()).setLearningRate(r.learningRate())
                .setWeightDecay(r.weightDecay()).setSeed(r.seed()).optAuxiliary(r.auxiliary())
                .optAuxWeight(aux ? r.auxWeight() : 0).optAuxK(r.auxK()).optAuxBatch(aux ? r.auxBatch() : 0)
                .optInit(r.init() == null ? "" : r.init().toString()).setSplit(r.split())
                .setSplitSeed(r.splitSeed()).setHeldOut(selection.heldOut()).build();
        String family = model.family();
        System.err.printf("pretrain %s on %d training episodes of %s (held out: %s)%s%n", family,
                selection.episodes().size(), r.data(), selection.heldOut(),
                aux ? ", + " + r.auxiliary() + " x " + r.auxWeight() : "");
        return PretrainJob.run(spec, source, selection.episodes(), out, Families::create, r.data().fingerprint(),
                progress);
    }
}
