package dev.worldlens.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.Json;
import dev.worldlens.probe.ProbeResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One finished probe result on disk, so that a probe run resumes from its last finished (encoder, probe). */
public final class ProbeResults {
    private ProbeResults() {
    }

    /** The stored result, or null when absent or unreadable (then it is computed again). */
    public static ProbeResult read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.JSON.readValue(file.toFile(), ProbeResult.class);
        } catch (IOException e) {
            System.err.println("ignoring unreadable " + file + " (" + e.getMessage() + "); probing again");
            return null;
        }
    }

    public static void write(Path file, ProbeResult result) {
        try {
            AtomicFiles.writeString(file, Json.JSON.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a probe result", e);
        }
    }
}
