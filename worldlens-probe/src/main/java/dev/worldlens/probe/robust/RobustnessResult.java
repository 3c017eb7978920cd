package dev.worldlens.probe.robust;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One probe seed's score on one test set: the clean held-out features ({@code corruption} "clean", severity 0) or
 * the features of the held-out episodes under one corruption at one severity. The probe was fitted on the clean
 * training episodes in both cases.
 *
 * @param encoder           the encoder card's name
 * @param family            the encoder's family
 * @param layer             the block read
 * @param probe             mlp, ridge, attentive
 * @param corruption        the corruption type's id (gaussian_noise, ...), or "clean"
 * @param severity          0..5 (0 for clean)
 * @param parameter         the corruption's parameter in words ("sigma 0.15"), "" for clean
 * @param corruptionSeed    the seed the corruption drew from
 * @param seed              the probe seed
 * @param r2                R^2, variance-weighted over action dimensions (the headline, {@link
 *                          dev.worldlens.probe.ProbeMetrics})
 * @param r2Uniform         R^2, uniform mean over action dimensions
 * @param r2PerGroup        R^2 per action group (translation, rotation, gripper), each variance-weighted
 * @param testEpisodes      held-out episodes scored
 * @param testPairs         transitions scored
 */
public record RobustnessResult(String encoder, String family, int layer, String probe, String corruption,
                               int severity, String parameter, long corruptionSeed, long seed, double r2,
                               double r2Uniform, Map<String, Double> r2PerGroup, double mse, double gripperSignAccuracy,
                               int testEpisodes, int testPairs) {

    public RobustnessResult {
        r2PerGroup = Collections.unmodifiableMap(new LinkedHashMap<>(r2PerGroup));
    }

    @JsonIgnore
    public boolean isClean() {
        return RobustnessRunner.CLEAN.equals(corruption);
    }

    /** {@code type:severity}, or "clean". */
    @JsonIgnore
    public String spec() {
        return isClean() ? corruption : corruption + ":" + severity;
    }
}
