package dev.worldlens.encoders.pretrain;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Required;
import dev.worldlens.encoders.family.FamilyConfig;

import java.util.List;

/**
 * Everything that defines a pretraining run (written to its config.yaml; a folder is resumed only with the same
 * spec). The split decides which episodes the run may see: with a task split, episodes of held-out task families
 * never reach pretraining or +ID fine-tuning, so the probe's test tasks stay unseen.
 *
 * @param model        the family and its size
 * @param data         the dataset folder
 * @param camera       the camera whose frames are used
 * @param steps        optimizer steps
 * @param batch        samples per step
 * @param learningRate peak learning rate (warm-up, cosine decay)
 * @param weightDecay  AdamW decoupled weight decay
 * @param seed         weights and batches
 * @param auxiliary    "" or an auxiliary objective (id-l1 = +ID, id-l2, single-frame, forward, contrastive)
 * @param auxWeight    lambda of the auxiliary loss
 * @param auxK         frame gap of the auxiliary loss's transitions
 * @param auxBatch     transitions per step for the auxiliary loss (both clips of each go through the encoder in
 *                     full, so it costs more per sample than a masked objective)
 * @param init         "" or a finished pretraining run whose weights this run starts from (fine-tuning)
 * @param split        task, scene or episode
 * @param splitSeed    the seed that draws held-out tasks (use the probe's seed to keep its test tasks unseen)
 * @param heldOut      the held-out task families or scenes, as resolved
 */
public record PretrainSpec(FamilyConfig model, String data, String camera, int steps, int batch, double learningRate,
                           double weightDecay, long seed, String auxiliary, double auxWeight, int auxK, int auxBatch, String init,
                           String split, long splitSeed, List<String> heldOut) {
    public PretrainSpec {
        heldOut = List.copyOf(heldOut);
    }

    /**
     * A builder: everything but the auxiliary objective and {@code init} is required; those default to a fresh run
     * without one ("", weight 0, k 1, batch 0, init "").
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Required fields are set with {@code set*}, optional ones with {@code opt*}. */
    public static final class Builder {
        private FamilyConfig model;
        private String data;
        private String camera;
        private Integer steps;
        private Integer batch;
        private Double learningRate;
        private Double weightDecay;
        private Long seed;
        private String auxiliary = "";
        private double auxWeight = 0;
        private int auxK = 1;
        private int auxBatch = 0;
        private String init = "";
        private String split;
        private Long splitSeed;
        private List<String> heldOut;

        private Builder() {
        }

        /** The family and its size. */
        public Builder setModel(FamilyConfig model) {
            this.model = model;
            return this;
        }

        /** The dataset folder. */
        public Builder setData(String data) {
            this.data = data;
            return this;
        }

        /** The camera whose frames are used. */
        public Builder setCamera(String camera) {
            this.camera = camera;
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

        /** Peak learning rate (warm-up, cosine decay). */
        public Builder setLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** AdamW decoupled weight decay. */
        public Builder setWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Seed of weights and batches. */
        public Builder setSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** task, scene or episode. */
        public Builder setSplit(String split) {
            this.split = split;
            return this;
        }

        /** The seed that draws held-out tasks. */
        public Builder setSplitSeed(long splitSeed) {
            this.splitSeed = splitSeed;
            return this;
        }

        /** The held-out task families or scenes, as resolved. */
        public Builder setHeldOut(List<String> heldOut) {
            this.heldOut = heldOut;
            return this;
        }

        /** An auxiliary objective (id-l1 = +ID, id-l2, single-frame, forward, contrastive); default "", none. */
        public Builder optAuxiliary(String auxiliary) {
            this.auxiliary = auxiliary;
            return this;
        }

        /** Lambda of the auxiliary loss (default 0). */
        public Builder optAuxWeight(double auxWeight) {
            this.auxWeight = auxWeight;
            return this;
        }

        /** Frame gap of the auxiliary loss's transitions (default 1). */
        public Builder optAuxK(int auxK) {
            this.auxK = auxK;
            return this;
        }

        /** Transitions per step for the auxiliary loss (default 0). */
        public Builder optAuxBatch(int auxBatch) {
            this.auxBatch = auxBatch;
            return this;
        }

        /** A finished pretraining run whose weights this run starts from; default "", a fresh run. */
        public Builder optInit(String init) {
            this.init = init;
            return this;
        }

        /**
         * @throws IllegalStateException naming the required fields not set
         * @throws InvalidInputException naming {@code steps} or {@code batch} when below 1
         */
        public PretrainSpec build() {
            Required.check("PretrainSpec", "model", model, "data", data, "camera", camera, "steps", steps,
                    "batch", batch, "learningRate", learningRate, "weightDecay", weightDecay, "seed", seed,
                    "split", split, "splitSeed", splitSeed, "heldOut", heldOut);
            PretrainRun.checkCounts(steps, batch);
            return new PretrainSpec(model, data, camera, steps, batch, learningRate, weightDecay, seed, auxiliary,
                    auxWeight, auxK, auxBatch, init, split, splitSeed, heldOut);
        }
    }
}
