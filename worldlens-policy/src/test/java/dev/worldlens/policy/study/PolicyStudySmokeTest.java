package dev.worldlens.policy.study;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import dev.worldlens.core.Progress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.util.List;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** policy study --preset smoke: every variant trained and evaluated, the references in the table, resume. */
class PolicyStudySmokeTest {

    @Tag("slow")
    @Test
    void theSmokePresetComparesEveryVariantAndResumes(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("ps");
        PolicyStudy.run(PolicyStudyConfig.preset("smoke"), root, Progress.NONE);
        JsonNode results = Json.JSON.readTree(root.resolve("results.json").toFile());
        JsonNode rows = results.get("rows");
        assertEquals(11, rows.size(), "vpp, vpp-no-former, vpp-pooled, vae, raw:8, state, mlp-state, "
                + "nearest-neighbour, expert, expert-chunk, random");
        for (JsonNode row : rows) {
            for (String[] table : new String[][]{{"successRates", "averageLength"},
                    {"seenSuccessRates", "seenAverageLength"}}) {
                assertEquals(5, row.get(table[0]).size(), row.toString());
                double len = row.get(table[1]).asDouble();
                assertTrue(len >= 0 && len <= 5, row.toString());
                double previous = 1;
                double sum = 0;
                for (JsonNode rate : row.get(table[0])) {
                    assertTrue(rate.asDouble() <= previous, "success in a row cannot rise with k: " + row);
                    previous = rate.asDouble();
                    sum += previous;
                }
                assertEquals(sum, len, 1e-9, "the average length is the sum of the rates: " + row);
            }
        }
        assertEquals("mlp-state", rows.get(6).get("policy").asText());
        assertEquals("nearest-neighbour", rows.get(7).get("policy").asText());
        assertEquals("expert", rows.get(8).get("policy").asText());
        assertEquals(5.0, rows.get(8).get("averageLength").asDouble(), 1e-9, "the expert is the ceiling");
        assertEquals(5.0, rows.get(8).get("seenAverageLength").asDouble(), 1e-9, "in the seen scene too");
        assertEquals(2, rows.get(8).get("interval").size(), "every row has its interval");
        assertEquals("expert-chunk", rows.get(9).get("policy").asText());
        assertTrue(rows.get(9).get("averageLength").asDouble() >= 4.5, "chunked execution can succeed: " + rows.get(9));
        assertTrue(Files.isRegularFile(root.resolve("features").resolve("predictor").resolve("train.f32")),
                "the predictor's features are cached on disk once for VPP and its ablations");
        for (int i = 0; i < 6; i++) {
            JsonNode row = rows.get(i);
            assertEquals(10, row.get("trainSteps").asInt(), row.toString());
            assertTrue(Double.isFinite(row.get("bestValidationMse").asDouble()), row.toString());
            assertTrue(Files.isDirectory(root.resolve("policies").resolve(row.get("policy").asText())
                    .resolve("best")));
        }
        String md = Files.readString(root.resolve("results.md"));
        assertTrue(md.contains("| vpp |") && md.contains("| vpp-pooled |") && md.contains("| expert |"), md);
        assertTrue(md.contains("in scene A, one of the training scenes"), md);
        JsonNode features = Json.JSON.readTree(root.resolve("policies").resolve("vpp").resolve("features.json")
                .toFile());
        assertTrue(Path.of(features.get("spec").asText().substring("vpp:".length())).isAbsolute(),
                "features.json reopens from any working directory: " + features);
        assertTrue(Files.exists(root.resolve("predictor").resolve("samples")));
        assertTrue(Files.exists(root.resolve("eval").resolve("vpp").resolve("rollout-000.gif")));

        // a rerun reuses every stage: the trained policy is not touched and the table is the same
        Path best = root.resolve("policies").resolve("vpp").resolve("best").resolve("validation.json");
        FileTime before = Files.getLastModifiedTime(best);
        Files.delete(root.resolve("results.md"));
        PolicyStudy.run(PolicyStudyConfig.preset("smoke"), root, Progress.NONE);
        assertEquals(before, Files.getLastModifiedTime(best));
        JsonNode rerun = Json.JSON.readTree(root.resolve("results.json").toFile());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i).get("successRates"), rerun.get("rows").get(i).get("successRates"));
            assertEquals(rows.get(i).get("seenSuccessRates"), rerun.get("rows").get(i).get("seenSuccessRates"));
            assertEquals(rows.get(i).get("bestValidationMse"), rerun.get("rows").get(i).get("bestValidationMse"));
        }
        assertTrue(Files.exists(root.resolve("results.md")));
    }

    @Test
    void everyPresetReadsAndTheMediumOneMeasuresGateTwo() {
        for (String name : PolicyStudyConfig.PRESETS) {
            assertEquals(name, PolicyStudyConfig.preset(name).preset());
        }
        PolicyStudyConfig medium = PolicyStudyConfig.preset("medium");
        assertEquals("medium", medium.predictor().size());
        assertEquals(List.of("task-frame", "vpp", "vpp-pooled", "image-ssl", "vae"), medium.variants());
        assertEquals(3, medium.policy().stride());
        assertEquals(1, PolicyStudyConfig.preset("quick").policy().stride(), "the stride is optional");
    }

    @Test
    void anUnknownVariantIsNamedWithItsField(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, String.join("\n",
                "preset: custom", "seed: 0",
                "data: {scenes: A, setting: static, episodes: 6, playTasks: 2, maxSteps: 200, topSize: 16, "
                        + "gripperSize: 16}",
                "predictor: {size: tiny}", "encoders: []",
                "policy: {steps: 10, batch: 8, lr: 1.0e-4, validation: 0.2}",
                "variants: [vpp, dino]", "eval: {chains: 2, scene: D, setting: static, gifs: 0}", ""));
        String message = assertThrows(InvalidInputException.class, () -> PolicyStudyConfig.read(config)).getMessage();
        assertTrue(message.contains("variants") && message.contains("dino") && message.contains("bad.yaml"), message);
    }
}
