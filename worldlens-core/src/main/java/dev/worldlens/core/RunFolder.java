package dev.worldlens.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The folder a command writes its results into: {@code config.yaml} (the full config, so the run can be repeated),
 * {@code provenance.json}, and the command's outputs. Opening an existing run with a different config is refused,
 * so that resuming never mixes the outputs of two configurations.
 */
public final class RunFolder {
    public static final String CONFIG = "config.yaml";
    public static final String PROVENANCE = "provenance.json";

    private final Path root;
    private Provenance provenance;
    private boolean kept;

    private RunFolder(Path root, Provenance provenance) {
        this.root = root;
        this.provenance = provenance;
    }

    /**
     * Creates the folder (or reopens it to resume) and writes config.yaml. The config must be a plain record or map
     * that Jackson can serialise.
     */
    public static RunFolder open(Path root, String command, Object config, long seed) {
        try {
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new InvalidInputException(root, "out", "exists and is not a folder");
            }
            Files.createDirectories(root);
            if (!Files.isWritable(root)) {
                throw new InvalidInputException(root, "out", "is not writable");
            }
        } catch (IOException e) {
            throw new InvalidInputException(root, "out", "cannot create the output folder: " + e, e);
        }
        Path configFile = root.resolve(CONFIG);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("command", command);
        document.put("config", config);
        String yaml = toYaml(document);
        if (Files.exists(configFile)) {
            try {
                JsonNode existing = Json.YAML.readTree(configFile.toFile());
                JsonNode wanted = Json.YAML.readTree(yaml);
                if (!Objects.equals(existing, wanted)) {
                    throw new InvalidInputException(configFile, "config", "this folder holds a run with another "
                            + "config; choose a new --out or delete the folder. Existing:\n" + existing
                            + "\nrequested:\n" + wanted);
                }
            } catch (IOException e) {
                throw new InvalidInputException(configFile, "config", "is not valid YAML: " + e.getMessage(), e);
            }
        } else {
            AtomicFiles.writeString(configFile, yaml);
        }
        RunFolder run = new RunFolder(root, Provenance.start(command, config, seed));
        // a finished run opened again (to reuse it) keeps the provenance of the run that made it
        run.kept = finished(root.resolve(PROVENANCE));
        run.writeProvenance();
        return run;
    }

    public Path root() {
        return root;
    }

    /** Whether this folder's run had finished before it was opened: its provenance.json is then left as it was. */
    public boolean wasFinished() {
        return kept;
    }

    public Path resolve(String name) {
        return root.resolve(name);
    }

    public Provenance provenance() {
        return provenance;
    }

    public void recordData(Map<String, String> fingerprints) {
        provenance = provenance.withData(fingerprints);
        writeProvenance();
    }

    public void finish() {
        provenance = provenance.finished();
        writeProvenance();
    }

    /** Whether a provenance file records a finished run. */
    private static boolean finished(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            JsonNode p = Json.JSON.readTree(file.toFile());
            return p.hasNonNull("finishedAt");
        } catch (IOException e) {
            return false;
        }
    }

    private void writeProvenance() {
        if (kept) {
            return;
        }
        try {
            AtomicFiles.writeString(root.resolve(PROVENANCE), Json.JSON.writeValueAsString(provenance));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(new IOException("cannot serialise provenance", e));
        }
    }

    private static String toYaml(Object o) {
        try {
            return Json.YAML.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config cannot be written as YAML: " + e.getMessage(), e);
        }
    }
}
