package dev.worldlens.study;

/**
 * One encoder of a study: its key in tables and folders ("vjepa", "vjepa+id", "vjepa+ft", "raw"), the spec that
 * BuiltinEncoders opens (a pretraining run folder or a built-in name), the family it stands for, and its variant:
 * frozen (as pretrained, or a reference), +ID (fine-tuned with the inverse-dynamics head) or control (fine-tuned
 * for the same steps without it, so that a gain of +ID is not just the extra steps).
 */
public record StudyEncoder(String key, String spec, String family, String variant) {
    public static final String FROZEN = "frozen";
    public static final String ID = "+ID";
    public static final String CONTROL = "control";
    public static final String ID_SUFFIX = "+id";
    public static final String CONTROL_SUFFIX = "+ft";

    public boolean frozen() {
        return variant.equals(FROZEN);
    }

    public boolean learned() {
        return !spec.equals(key);
    }
}
