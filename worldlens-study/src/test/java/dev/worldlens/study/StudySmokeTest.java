package dev.worldlens.study;

import dev.worldlens.core.Progress;
import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The smoke preset end to end: every section of the report, every number finite, a rerun reuses and agrees. */
@Tag("slow")
class StudySmokeTest {

    @Test
    void smokeStudyWritesEverySectionWithFiniteNumbersAndResumesToTheSameResults(@TempDir Path dir)
            throws Exception {
        StudyConfig config = StudyConfig.preset("smoke");
        StudyResults first = Study.run(config, dir, Progress.NONE);

        String html = Files.readString(dir.resolve("report.html"));
        for (String section : StudyReport.SECTIONS) {
            assertTrue(html.contains("<h2 id=\"" + section + "\">"), "report lacks section " + section);
        }
        assertFalse(html.contains("Nothing measured"), "a section of the smoke report is empty");
        assertTrue(html.contains("data:image/png;base64,"), "plots are embedded");
        assertTrue(html.contains("Spearman"), "the ranking states Spearman's rho");

        JsonNode results = Json.JSON.readTree(dir.resolve("results.json").toFile());
        List<String> bad = new ArrayList<>();
        finite(results, "", bad);
        assertTrue(bad.isEmpty(), "non-finite numbers in results.json: " + bad);

        int fineTunes = config.id().families().size() * (config.id().control() ? 2 : 1);
        int families = config.families().size();
        int encoders = config.baselines().size() + families * (config.twins() ? 2 : 1) + fineTunes;
        int splits = config.probe().splitSeeds().size();
        int pixelId = config.baselines().contains("pixel-id") ? 1 : 0;
        int perEncoder = config.probe().kinds().stream().mapToInt(kind -> config.probe().gaps(kind).size()).sum();
        assertEquals(((encoders - pixelId) * perEncoder + pixelId * config.probe().gaps("cnn").size()) * splits
                * config.data().settings().size(), first.main().size());
        long refsDecoded = config.baselines().stream().filter(b -> b.equals("raw") || b.equals("random-vit")).count();
        assertEquals(families + fineTunes + refsDecoded, first.fidelity().size(),
                "the families, their fine-tunes and the raw and random-ViT references have decoders");
        int learned = families + config.id().families().size(); // controls are not swept
        assertEquals(learned * config.robustness().corruptions().size() * config.robustness().severities().size(),
                first.robustness().size());
        assertEquals(config.budgets().size() * (encoders - pixelId), first.budget().size());
        assertFalse(first.layers().isEmpty());
        assertEquals(config.probe().kinds().size(), first.ranking().size(), "one ranking per probe kind");
        assertEquals(families, first.ranking().get(0).entries().size());
        assertEquals(config.probe().kinds().stream().mapToInt(kind -> config.probe().gaps(kind).size()).sum(),
                first.splitAgreement().size(),
                "split seeds compared per probe kind and gap");
        assertTrue(first.main().stream().anyMatch(m -> m.variant().equals(StudyEncoder.UNTRAINED)));
        assertTrue(first.main().stream().anyMatch(m -> m.encoder().equals("pixel-id") && m.probe().equals("cnn")));
        assertTrue(html.contains("Δ twin"), "the main table shows what pretraining added");

        // an interrupted study: its report, one probe result and one encoder's corruption scores are gone; the rerun
        // recomputes only those (the corrupted feature stores themselves are reused)
        Files.delete(dir.resolve("report.html"));
        Files.delete(dir.resolve("results.json"));
        Files.delete(new StudyLayout(dir).robustness("vjepa").resolve(StudyRobustness.POINTS));
        try (Stream<Path> probes = Files.list(dir.resolve("probes").resolve("randomised"))) {
            Files.delete(probes.filter(p -> p.getFileName().toString().startsWith("vjepa-last-mlp")).findFirst()
                    .orElseThrow());
        }
        StudyResults second = Study.run(config, dir, Progress.NONE);
        assertEquals(first.main(), second.main());
        assertEquals(first.fidelity(), second.fidelity());
        assertEquals(first.robustness(), second.robustness());
        assertEquals(first.layers(), second.layers());
        assertEquals(first.budget(), second.budget());
        assertTrue(Files.exists(dir.resolve("report.html")));
    }

    private static void finite(JsonNode node, String path, List<String> bad) {
        if (node.isNumber() && !Double.isFinite(node.asDouble())) {
            bad.add(path);
        } else if (node.isTextual() && (node.asText().equals("NaN") || node.asText().contains("Infinity"))) {
            bad.add(path);
        } else if (node.isContainerNode()) {
            var it = node.fields();
            int i = 0;
            if (node.isArray()) {
                for (JsonNode child : node) {
                    finite(child, path + "[" + i++ + "]", bad);
                }
            }
            while (it.hasNext()) {
                var e = it.next();
                finite(e.getValue(), path + "." + e.getKey(), bad);
            }
        }
    }
}
