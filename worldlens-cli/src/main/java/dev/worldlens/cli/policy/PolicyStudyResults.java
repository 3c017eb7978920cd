package dev.worldlens.cli.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.Json;
import dev.worldlens.policy.eval.ChainResult;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The comparison's table: per policy, CALVIN's success rates for 1..5 tasks in a row and the average length, with
 * what stage 2 reached (best validation MSE of sampled chunks against always answering the mean chunk).
 */
public record PolicyStudyResults(String preset, int chains, String scene, List<Row> rows, double seconds) {

    public PolicyStudyResults {
        rows = List.copyOf(rows);
    }

    /**
     * One policy. Training fields are NaN (or -1) for the expert and random references.
     *
     * @param trainSeconds wall time of the last training invocation (a resumed run reports its remaining part)
     */
    public record Row(String policy, String description, List<Double> successRates, double averageLength,
                      int trainSteps, double bestValidationMse, double meanChunkMse, double trainSeconds,
                      double evalSeconds) {
        public Row {
            successRates = List.copyOf(successRates);
        }

        static Row of(String policy, String description, ChainResult chains, JsonNode summary) {
            return new Row(policy, description, chains.successRates(), chains.averageLength(),
                    summary == null ? -1 : summary.path("steps").asInt(-1),
                    summary == null ? Double.NaN : summary.path("bestValidationMse").asDouble(Double.NaN),
                    summary == null ? Double.NaN : summary.path("meanChunkValidationMse").asDouble(Double.NaN),
                    summary == null ? Double.NaN : summary.path("seconds").asDouble(Double.NaN), chains.seconds());
        }
    }

    public Row row(String policy) {
        return rows.stream().filter(r -> r.policy().equals(policy)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row for " + policy));
    }

    /** The table as CALVIN papers print it, plus stage 2's validation MSE. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Tasks completed in a row, %d chains of 5 in scene %s (%s preset)%n%n",
                chains, scene, preset));
        sb.append("| policy | 1 | 2 | 3 | 4 | 5 | Avg. Len | val. MSE (mean chunk) | train s | eval s |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.policy()).append(" |");
            for (double s : r.successRates()) {
                sb.append(String.format(Locale.ROOT, " %.1f%% |", 100 * s));
            }
            sb.append(String.format(Locale.ROOT, " %.2f |", r.averageLength()));
            sb.append(Double.isNaN(r.bestValidationMse()) ? " - |" : String.format(Locale.ROOT, " %.4f (%.4f) |",
                    r.bestValidationMse(), r.meanChunkMse()));
            sb.append(Double.isNaN(r.trainSeconds()) ? " - |" : String.format(Locale.ROOT, " %.0f |",
                    r.trainSeconds()));
            sb.append(String.format(Locale.ROOT, " %.0f |%n", r.evalSeconds()));
        }
        sb.append('\n');
        for (Row r : rows) {
            sb.append("- ").append(r.policy()).append(": ").append(r.description()).append('\n');
        }
        return sb.toString();
    }

    public void write(Path root) {
        try {
            AtomicFiles.writeString(root.resolve("results.json"), Json.JSON.writeValueAsString(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the policy study's results: " + e.getMessage(), e);
        }
        AtomicFiles.writeString(root.resolve("results.md"), toMarkdown());
    }
}
