package dev.worldlens.policy.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.Json;
import dev.worldlens.policy.eval.ChainResult;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The comparison's table: per policy, CALVIN's success rates for 1..5 tasks in a row and the average length in the
 * unseen scene (and, when asked for, in a training scene), with what stage 2 reached (best validation MSE of sampled
 * chunks against always answering the mean chunk).
 *
 * @param seenScene the training scene also evaluated, or null
 */
public record PolicyStudyResults(String preset, int chains, String scene, String seenScene, List<Row> rows,
                                 double seconds) {

    public PolicyStudyResults {
        rows = List.copyOf(rows);
    }

    /**
     * One policy. Training fields are NaN (or -1) for the expert and random references.
     *
     * @param seenSuccessRates  the rates in the seen scene (empty when not evaluated there)
     * @param seenAverageLength the average length there (NaN when not evaluated)
     * @param trainSeconds      wall time of the last training invocation (a resumed run reports its remaining part)
     * @param interval          the 95% bootstrap interval of the average length ({@link
     *                          ChainResult#averageLengthInterval()}), and of the seen scene's (empty when not
     *                          evaluated there)
     */
    public record Row(String policy, String description, List<Double> successRates, double averageLength,
                      List<Double> seenSuccessRates, double seenAverageLength, int trainSteps,
                      double bestValidationMse, double meanChunkMse, double trainSeconds, double evalSeconds,
                      List<Double> interval, List<Double> seenInterval) {
        public Row {
            successRates = List.copyOf(successRates);
            seenSuccessRates = seenSuccessRates == null ? List.of() : List.copyOf(seenSuccessRates);
            interval = interval == null ? List.of() : List.copyOf(interval);
            seenInterval = seenInterval == null ? List.of() : List.copyOf(seenInterval);
        }

        static Row of(String policy, String description, ChainResult chains, ChainResult seen, JsonNode summary) {
            double[] ci = chains.averageLengthInterval();
            double[] seenCi = seen == null ? null : seen.averageLengthInterval();
            return new Row(policy, description, chains.successRates(), chains.averageLength(),
                    seen == null ? List.of() : seen.successRates(), seen == null ? Double.NaN : seen.averageLength(),
                    summary == null ? -1 : summary.path("steps").asInt(-1),
                    summary == null ? Double.NaN : summary.path("bestValidationMse").asDouble(Double.NaN),
                    summary == null ? Double.NaN : summary.path("meanChunkValidationMse").asDouble(Double.NaN),
                    summary == null ? Double.NaN : summary.path("seconds").asDouble(Double.NaN),
                    chains.seconds() + (seen == null ? 0 : seen.seconds()), List.of(ci[0], ci[1]),
                    seenCi == null ? List.of() : List.of(seenCi[0], seenCi[1]));
        }
    }

    public Row row(String policy) {
        return rows.stream().filter(r -> r.policy().equals(policy)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row for " + policy));
    }

    /** The table as CALVIN papers print it, plus stage 2's validation MSE; a second table for the seen scene. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Tasks completed in a row, %d chains of 5 in scene %s, unseen in "
                + "training (%s preset)%n%n", chains, scene, preset));
        sb.append("| policy | 1 | 2 | 3 | 4 | 5 | Avg. Len [95% CI] | val. MSE (mean chunk) | train s | eval s |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.policy()).append(" |");
            rates(sb, r.successRates(), r.averageLength(), r.interval());
            sb.append(Double.isNaN(r.bestValidationMse()) ? " - |" : String.format(Locale.ROOT, " %.4f (%.4f) |",
                    r.bestValidationMse(), r.meanChunkMse()));
            sb.append(Double.isNaN(r.trainSeconds()) ? " - |" : String.format(Locale.ROOT, " %.0f |",
                    r.trainSeconds()));
            sb.append(String.format(Locale.ROOT, " %.0f |%n", r.evalSeconds()));
        }
        if (seenScene != null) {
            sb.append(String.format(Locale.ROOT, "%nThe same policies, %d chains of 5 in scene %s, one of the "
                    + "training scenes (new start states and task chains)%n%n", chains, seenScene));
            sb.append("| policy | 1 | 2 | 3 | 4 | 5 | Avg. Len [95% CI] |\n|---|---|---|---|---|---|---|\n");
            for (Row r : rows) {
                sb.append("| ").append(r.policy()).append(" |");
                rates(sb, r.seenSuccessRates(), r.seenAverageLength(), r.seenInterval());
                sb.append('\n');
            }
        }
        sb.append('\n');
        for (Row r : rows) {
            sb.append("- ").append(r.policy()).append(": ").append(r.description()).append('\n');
        }
        return sb.toString();
    }

    private static void rates(StringBuilder sb, List<Double> successRates, double averageLength,
                              List<Double> interval) {
        for (double s : successRates) {
            sb.append(String.format(Locale.ROOT, " %.1f%% |", 100 * s));
        }
        sb.append(interval.size() == 2 ? String.format(Locale.ROOT, " %.2f [%.2f, %.2f] |", averageLength,
                interval.get(0), interval.get(1)) : String.format(Locale.ROOT, " %.2f |", averageLength));
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
