package dev.worldlens.encoders.family;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a pretraining run folder needs to rebuild its model for encoding ({@code model.json}): the family config, the
 * seed the weights were first drawn with, the auxiliary head trained with it (its weights are in the checkpoint too,
 * and are rebuilt so the checkpoint loads, then ignored), and the steps that make the run finished.
 *
 * @param auxiliary "" when none
 */
public record TrainedModelSpec(FamilyConfig model, long seed, String auxiliary, int auxiliaryK, int actionDim,
                               int steps) {
    public static final String FILE = "model.json";

    public void write(Path runDir) {
        try {
            AtomicFiles.writeString(runDir.resolve(FILE), Json.JSON.writeValueAsString(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + this, e);
        }
    }

    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static TrainedModelSpec read(Path runDir) {
        Path file = runDir.resolve(FILE);
        try {
            return Json.JSON.readValue(file.toFile(), TrainedModelSpec.class);
        } catch (IOException e) {
            throw new InvalidInputException(file, "model", "not a WorldLens pretraining spec: " + e.getMessage());
        }
    }

    /** Builds the model (with its auxiliary head, if any) with freshly drawn weights. */
    public FamilyModel build(FamilyFactory factory) {
        FamilyModel m = factory.create(model, seed);
        if (!auxiliary.isEmpty()) {
            AuxiliaryObjectives.create(auxiliary, m, actionDim, auxiliaryK, seed);
        }
        return m;
    }
}
