package dev.worldlens.encoders.pretrain;

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
}
