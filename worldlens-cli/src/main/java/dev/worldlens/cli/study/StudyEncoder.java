package dev.worldlens.cli.study;

/**
 * One encoder of a study: its key in tables and folders ("vjepa", "vjepa+id", "raw"), the spec that
 * BuiltinEncoders opens (a pretraining run folder or a built-in name), the family it stands for, and whether it is
 * the +ID fine-tune of that family.
 */
public record StudyEncoder(String key, String spec, String family, boolean id) {
    public static final String ID_SUFFIX = "+id";

    /** "frozen" or "+ID": the variant column of the study's tables. */
    public String variant() {
        return id ? "+ID" : "frozen";
    }

    public boolean learned() {
        return !spec.equals(key);
    }
}
