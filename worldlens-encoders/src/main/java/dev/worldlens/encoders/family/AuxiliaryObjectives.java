package dev.worldlens.encoders.family;

import java.util.List;

/**
 * The auxiliary objectives by name: the study's +ID (L1 inverse dynamics) and its ablations (probing-study §5.2:
 * L1 ID 0.629 > L2 ID 0.578 > single-frame 0.523 > forward dynamics 0.408 > temporal contrastive 0.073 on DIFF).
 */
public final class AuxiliaryObjectives {
    public static final List<String> NAMES = List.of("id-l1", "id-l2", "single-frame", "forward", "contrastive");

    private AuxiliaryObjectives() {
    }

    /**
     * Creates the named objective's head inside the model's trained store (so call it before the optimizer is made,
     * and again with the same arguments before loading a checkpoint that was trained with it).
     */
    public static AuxiliaryLoss create(String name, FamilyModel model, int actionDim, int k, long seed) {
        return switch (name) {
            case "id", "id-l1" -> new InverseDynamicsLoss(model, actionDim, k, true, false, seed);
            case "id-l2" -> new InverseDynamicsLoss(model, actionDim, k, false, false, seed);
            case "single-frame" -> new InverseDynamicsLoss(model, actionDim, k, true, true, seed);
            case "forward" -> new ForwardDynamicsLoss(model, actionDim, k, seed);
            case "contrastive" -> new TemporalContrastiveLoss(model, k, seed);
            default -> throw new IllegalArgumentException("unknown auxiliary objective '" + name + "'; choose one of "
                    + NAMES);
        };
    }
}
