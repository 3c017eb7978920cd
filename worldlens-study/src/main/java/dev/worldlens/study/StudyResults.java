package dev.worldlens.study;

import dev.worldlens.probe.FamilyRanking;

import java.util.List;
import java.util.Map;

/**
 * What a study measured, as written to results.json and drawn in report.html.
 *
 * @param preset     the preset (or "custom")
 * @param main       the main table: one row per setting, encoder and probe kind
 * @param fidelity   PSNR and SSIM of every encoder's pixel decoder (randomised setting)
 * @param robustness R² of the clean-trained MLP probe on corrupted held-out frames
 * @param layers     R² at every block of the per-layer encoders
 * @param budget     R² against the number of probe training episodes
 * @param ranking    Spearman's rho of the frozen families against the paper's Table 1 (randomised setting, k = 1,
 *                   R² averaged over split seeds), one per probe kind
 * @param splitAgreement Spearman's rho of the frozen families' R² between the first two split seeds
 * @param pretraining every pretraining and fine-tuning run: losses and feature spread
 * @param seconds    wall time of the run that wrote this (stages reused from earlier runs cost nothing)
 */
public record StudyResults(String preset, List<MainRow> main, List<FidelityRow> fidelity,
                           List<RobustnessPoint> robustness, List<CurvePoint> layers, List<CurvePoint> budget,
                           List<FamilyRanking> ranking, List<SplitAgreement> splitAgreement,
                           List<PretrainingRow> pretraining, double seconds) {

    /**
     * One pretraining or fine-tuning run: its steps, the mean loss of its first and last logged windows, the
     * relative spread of its pooled features at the start and the end (FeatureSpread: about 0 means collapse), and
     * for +ID the inverse-dynamics head's L1 on standardised actions in the last window (about 0.8 is what
     * predicting zero gives).
     */
    public record PretrainingRow(String encoder, String family, String variant, int steps, double firstLoss,
                                 double lastLoss, Double spreadStart, Double spreadEnd, Double idL1) {
    }

    /** Spearman's rho between the families' R² under two split seeds, for one probe kind and k. */
    public record SplitAgreement(String probe, int k, long splitSeedA, long splitSeedB, int families, double rho) {
    }

    /**
     * One encoder under one probe at one frame gap k on one split seed and setting: the headline R² (ProbeMetrics; mean
     * and std over probe seeds), the uniform mean over action dimensions beside it, per action group, and which task
     * families the split held out.
     */
    public record MainRow(String setting, String encoder, String family, String variant, String probe, int k,
                          long splitSeed, double r2, double r2Std, double r2Uniform, Map<String, Double> r2PerGroup,
                          int trainEpisodes, int testEpisodes, List<String> heldOutTasks) {
    }

    /**
     * Visual fidelity of an encoder: the study's decoder trained on its frozen features, and the family's own
     * decoder where it has one (null otherwise).
     */
    public record FidelityRow(String encoder, String variant, double psnr, double ssim, Double nativePsnr,
                              Double nativeSsim, int testFrames) {
    }

    public record RobustnessPoint(String encoder, String variant, String corruption, int severity, double r2,
                                  double r2Std) {
    }

    /** R² (MLP, mean over seeds) at x: a block index for the layer sweep, a training episode count for the budget. */
    public record CurvePoint(String encoder, int x, double r2, double r2Std) {
    }
}
