package dev.worldlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** policy train and policy eval through the CLI at tiny size: files, the expert's ceiling, clear errors. */
class PolicyCommandTest {

    @Test
    void trainThenEvaluateAPolicyAndTheExpertCeiling(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("play");
        CliRun gen = CliRun.of("sim", "generate", "--out", data.toString(), "--episodes", "6", "--scenes", "A",
                "--play-tasks", "2", "--max-steps", "200", "--top-size", "16", "--gripper-size", "16", "--quiet");
        assertEquals(0, gen.exitCode(), gen.err());
        Path run = dir.resolve("policy");
        CliRun train = CliRun.of("policy", "train", "--data", data.toString(), "--features", "raw:8", "--steps", "20",
                "--out", run.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(Files.isDirectory(run.resolve("best")), "the best-validation policy is kept");
        assertTrue(Files.exists(run.resolve("features.json")));
        assertTrue(train.out().contains("best validation MSE"), train.out());

        Path eval = dir.resolve("eval");
        CliRun ev = CliRun.of("policy", "eval", "--policy", run.toString(), "--chains", "2", "--gifs", "1", "--out",
                eval.toString());
        assertEquals(0, ev.exitCode(), ev.err());
        JsonNode r = Json.JSON.readTree(eval.resolve("results.json").toFile());
        double len = r.get("averageLength").asDouble();
        assertTrue(len >= 0 && len <= 5, "average length " + len);
        assertTrue(Files.exists(eval.resolve("rollout-000.gif")));

        Path expert = dir.resolve("expert");
        CliRun ex = CliRun.of("policy", "eval", "--policy", "expert", "--chains", "2", "--gifs", "0", "--out",
                expert.toString());
        assertEquals(0, ex.exitCode(), ex.err());
        assertEquals(5.0, Json.JSON.readTree(expert.resolve("results.json").toFile()).get("averageLength")
                .asDouble(), 1e-9);
    }

    @Test
    void vppEndToEndPredictorThenPolicyOnItsFeaturesThenChains(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("play");
        assertEquals(0, CliRun.of("sim", "generate", "--out", data.toString(), "--episodes", "6", "--scenes", "A",
                "--play-tasks", "2", "--max-steps", "200", "--quiet").exitCode());
        Path predictor = dir.resolve("predictor");
        CliRun stage1 = CliRun.of("policy", "train-predictor", "--data", data.toString(), "--size", "tiny", "--out",
                predictor.toString());
        assertEquals(0, stage1.exitCode(), stage1.err());
        try (var gifs = Files.list(predictor.resolve("samples"))) {
            assertTrue(gifs.anyMatch(p -> p.toString().endsWith(".gif")), "sample GIFs beside the real future");
        }
        Path run = dir.resolve("vpp");
        CliRun stage2 = CliRun.of("policy", "train", "--data", data.toString(), "--features", "vpp:" + predictor,
                "--steps", "10", "--out", run.toString());
        assertEquals(0, stage2.exitCode(), stage2.err());
        Path eval = dir.resolve("eval");
        CliRun ev = CliRun.of("policy", "eval", "--policy", run.toString(), "--chains", "1", "--gifs", "0", "--out",
                eval.toString());
        assertEquals(0, ev.exitCode(), ev.err());
        assertTrue(ev.out().contains("| vpp |"), ev.out());
    }

    @Test
    void aFolderThatIsNotAPolicyRunIsNamed(@TempDir Path dir) {
        CliRun ev = CliRun.of("policy", "eval", "--policy", dir.toString(), "--chains", "1", "--out",
                dir.resolve("e").toString());
        assertNotEquals(0, ev.exitCode());
        assertTrue(ev.err().contains(dir.toString()) && ev.err().contains("features.json"), ev.err());
    }
}
