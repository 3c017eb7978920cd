package dev.worldlens.cli;

import dev.worldlens.probe.FeatureStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** worldlens encode takes a model card exactly as it takes a built-in encoder (the TorchScript test fixture). */
class ModelCardEncodeTest {
    @Test
    void encodeRunsATorchScriptEncoderFromItsCard(@TempDir Path tmp) throws Exception {
        Path fixture = Path.of("../worldlens-encoders/src/test/resources/fixtures/tiny-encoder.pt").toAbsolutePath()
                .normalize();
        assertTrue(Files.exists(fixture), "fixture missing: " + fixture);
        // a card names its model relative to itself
        String model = Files.copy(fixture, tmp.resolve("tiny-encoder.pt")).getFileName().toString();
        Path card = Files.writeString(tmp.resolve("tiny.yaml"), """
                name: tiny-torchscript
                format: torchscript
                model: %s
                input: {width: 8, height: 8, layout: NCHW}
                mean: [0.5, 0.4, 0.3]
                std: [0.25, 0.2, 0.5]
                tokens: {per_step: 4}
                width: 6
                layers: 2
                outputs:
                  1: 0
                  2: 1
                """.formatted(model));
        Path data = tmp.resolve("data");
        assertEquals(0, CliRun.of("sim", "generate", "--out", data.toString(), "--episodes", "3", "--top-size", "16",
                "--gripper-size", "8", "--quiet").exitCode());
        Path feats = tmp.resolve("feats");
        CliRun run = CliRun.of("encode", "--encoder", card.toString(), "--layer", "1", "--data", data.toString(), "--out",
                feats.toString());
        assertEquals(0, run.exitCode(), run.err());
        FeatureStore store = FeatureStore.open(feats);
        assertEquals("tiny-torchscript", store.index().encoder().name());
        assertEquals(6, store.index().encoder().width());
        assertEquals(3, store.size());
        CliRun bad = CliRun.of("encode", "--encoder", tmp.resolve("missing.yaml").toString(), "--data",
                data.toString(), "--out", tmp.resolve("f2").toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("missing.yaml"), bad.err());
    }
}
