package dev.worldlens.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A finished piece of work stored as JSON (a probe result, an encoder's corruption scores), so that a run that is
 * started again resumes after its last finished piece instead of computing it again.
 */
public final class FinishedResults {
    private FinishedResults() {
    }

    /** The stored value, or null when absent or unreadable (then it is computed again). */
    public static <T> T read(Path file, Class<T> type) {
        return read(file, Json.JSON.constructType(type));
    }

    public static <T> T read(Path file, TypeReference<T> type) {
        return read(file, Json.JSON.constructType(type));
    }

    private static <T> T read(Path file, JavaType type) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            System.err.println("ignoring unreadable " + file + " (" + e.getMessage() + "); computing it again");
            return null;
        }
    }

    public static void write(Path file, Object value) {
        try {
            AtomicFiles.writeString(file, Json.JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + file + ": " + e.getMessage(), e);
        }
    }
}
