package dev.worldlens.policy.predictor;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a predictor run folder needs to rebuild its model ({@code predictor.json}): the config, where the frame
 * autoencoder is (a path relative to the run folder, or absolute), the latent standardisation and the instruction
 * vocabulary measured on the training episodes, and the latent geometry.
 */
public record PredictorSpec(PredictorConfig config, String autoencoder, LatentScale scale, List<String> vocabulary,
                            int latentChannels, int latentSide) {
    public static final String FILE = "predictor.json";

    public PredictorSpec {
        vocabulary = List.copyOf(vocabulary);
    }

    public void write(Path runDir) {
        try {
            AtomicFiles.writeString(runDir.resolve(FILE), Json.JSON.writeValueAsString(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the predictor spec", e);
        }
    }

    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static PredictorSpec read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, "predictor", "missing; not a video predictor run folder");
        }
        try {
            return Json.JSON.readValue(file.toFile(), PredictorSpec.class);
        } catch (IOException e) {
            throw new InvalidInputException(file, "predictor", "not a WorldLens predictor spec: " + e.getMessage());
        }
    }

    /** The autoencoder's folder, resolved against the run folder. */
    public Path autoencoderPath(Path runDir) {
        Path p = Path.of(autoencoder);
        return p.isAbsolute() ? p : runDir.resolve(p);
    }
}
