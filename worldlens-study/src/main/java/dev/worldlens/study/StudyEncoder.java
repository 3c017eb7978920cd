package dev.worldlens.study;

import java.util.List;

/**
 * One encoder of a study: its key in tables and folders ("vjepa", "vjepa+id", "vjepa+ft", "vjepa-untrained", "raw"),
 * the spec that BuiltinEncoders opens (a pretraining run folder, {@code untrained:RUN} or a built-in name), the family
 * it stands for, its variant, and the probe kinds that read it (empty: the study's kinds). Variants: frozen (as
 * pretrained, or a reference), +ID (fine-tuned with the inverse-dynamics head), control (fine-tuned for the same
 * steps without it, so that a gain of +ID is not just the extra steps) and untrained (the family's architecture with
 * the weights its pretraining started from, so that a family's gain over it is what pretraining added).
 */
public record StudyEncoder(String key, String spec, String family, String variant, List<String> probes) {
    public static final String FROZEN = "frozen";
    public static final String ID = "+ID";
    public static final String CONTROL = "control";
    public static final String UNTRAINED = "untrained";
    public static final String ID_SUFFIX = "+id";
    public static final String CONTROL_SUFFIX = "+ft";
    public static final String UNTRAINED_SUFFIX = "-untrained";

    public StudyEncoder {
        probes = List.copyOf(probes);
    }

    public StudyEncoder(String key, String spec, String family, String variant) {
        this(key, spec, family, variant, List.of());
    }

    public boolean frozen() {
        return variant.equals(FROZEN);
    }

    /** A reference row (state, raw, random-vit, motion, pixel-id) rather than one of the families. */
    public boolean reference() {
        return StudyConfig.REFERENCES.contains(family);
    }

    /** A family's trained encoder: frozen as pretrained, +ID or control (not a reference, not an untrained twin). */
    public boolean learned() {
        return !reference() && !variant.equals(UNTRAINED);
    }

    /** The probe kinds that read this encoder. */
    public List<String> probes(List<String> studyKinds) {
        return probes.isEmpty() ? studyKinds : probes;
    }
}
