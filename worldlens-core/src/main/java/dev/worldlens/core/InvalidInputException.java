package dev.worldlens.core;

import java.nio.file.Path;

/**
 * Bad input from a user: says which file, which field, what was expected and what was found, so that the message
 * alone is enough to fix the input. The CLI prints the message (no stack trace) and exits non-zero.
 */
public class InvalidInputException extends RuntimeException {
    private final transient Path file;
    private final String field;

    public InvalidInputException(Path file, String field, String problem) {
        this(file, field, problem, null);
    }

    public InvalidInputException(Path file, String field, String problem, Throwable cause) {
        super(describe(file, field, problem), cause);
        this.file = file;
        this.field = field;
    }

    /** Input located by a description rather than a file ("episode 12 of DIR"). */
    public InvalidInputException(String where, String field, String problem) {
        super(where + ": " + describe(null, field, problem));
        this.file = null;
        this.field = field;
    }

    /** Input that is not a file (a command-line option, a config value). */
    public InvalidInputException(String field, String problem) {
        this(null, field, problem, null);
    }

    private static String describe(Path file, String field, String problem) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
        }
        if (field != null && !field.isEmpty()) {
            sb.append(sb.length() > 0 ? ": " : "").append("field '").append(field).append("'");
        }
        sb.append(sb.length() > 0 ? ": " : "").append(problem);
        return sb.toString();
    }

    public Path file() {
        return file;
    }

    public String field() {
        return field;
    }
}
