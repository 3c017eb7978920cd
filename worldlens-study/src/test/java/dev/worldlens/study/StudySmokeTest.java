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
        int encoders = config.baselines().size() + config.families().size() + fineTunes;
        assertEquals(encoders * config.data().settings().size() * config.probe().kinds().size(),
                first.main().size());
        assertEquals(encoders - 1, first.fidelity().size(), "every encoder but the state oracle has a decoder");
        int learned = config.families().size() + config.id().families().size(); // controls are not swept
        assertEquals(learned * config.robustness().corruptions().size() * config.robustness().severities().size(),
                first.robustness().size());
        assertEquals(config.budgets().size() * encoders, first.budget().size());
        assertFalse(first.layers().isEmpty());
        assertEquals(1, first.ranking().size());
        assertEquals(config.families().size(), first.ranking().get(0).entries().size());

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
