package dev.worldlens.core;

import java.nio.file.Path;
import java.util.Map;

/**
 * Bad input from a user: says which file, which field, what was expected and what was found, so that the message
 * alone is enough to fix the input. The CLI prints the message (no stack trace) and exits non-zero.
 *
 * <p>Libraries name the field of the config they check as that config spells it ({@code episodes},
 * {@code split.testTasks}, {@code auxK}), never a command-line flag: the same check serves a study configured from
 * YAML. A caller that knows where the value came from renames the field with {@link #withField(String)}: a study
 * gives its config's path ({@code probe.kinds}), the CLI the flag the user typed ({@code --probe}).
 */
public class InvalidInputException extends RuntimeException {
    private final transient Path file;
    private final String where;
    private final String field;
    private final String problem;

    public InvalidInputException(Path file, String field, String problem) {
        this(file, field, problem, null);
    }

    public InvalidInputException(Path file, String field, String problem, Throwable cause) {
        this(file, null, field, problem, cause);
    }

    /** Input located by a description rather than a file ("episode 12 of DIR"). */
    public InvalidInputException(String where, String field, String problem) {
        this(null, where, field, problem, null);
    }

    /** Input that is not a file (a config value, a command-line option). */
    public InvalidInputException(String field, String problem) {
        this(null, null, field, problem, null);
    }

    private InvalidInputException(Path file, String where, String field, String problem, Throwable cause) {
        super(describe(file, where, field, problem), cause);
        this.file = file;
        this.where = where;
        this.field = field;
        this.problem = problem;
    }

    /**
     * The same error about {@code newField}: same file or place, problem, cause and stack trace. Used by a caller that
     * knows the field under another name, e.g. the CLI mapping a config field to its flag.
     */
    public InvalidInputException withField(String newField) {
        InvalidInputException renamed = new InvalidInputException(file, where, newField, problem, getCause());
        renamed.setStackTrace(getStackTrace());
        return renamed;
    }

    /**
     * This error with its field renamed as {@code names} maps it (field -> new name), or this error itself when the
     * map has no entry for its field: how a study names its config's paths and the CLI its flags.
     */
    public InvalidInputException renamed(Map<String, String> names) {
        String renamed = field == null ? null : names.get(field);
        return renamed == null ? this : withField(renamed);
    }

    private static String describe(Path file, String where, String field, String problem) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
        }
        if (field != null && !field.isEmpty()) {
            sb.append(sb.length() > 0 ? ": " : "").append("field '").append(field).append("'");
        }
        sb.append(sb.length() > 0 ? ": " : "").append(problem);
        return where == null ? sb.toString() : where + ": " + sb;
    }

    public Path file() {
        return file;
    }

    public String field() {
        return field;
    }

    /** What is wrong, without the file and field. */
    public String problem() {
        return problem;
    }
}
