package dev.worldlens.policy.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.Json;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CALVIN metrics of one evaluation: the fraction of chains with at least k tasks completed in a row (k = 1..5)
 * and the average length (their sum: the mean number of tasks completed per chain), plus per-task counts.
 *
 * @param policy         what was evaluated (a name for the tables)
 * @param config         the evaluation
 * @param successRates   tasksPerChain values: element k is the fraction of chains with at least k + 1 tasks in a row
 * @param averageLength  mean tasks completed per chain, in [0, tasksPerChain]
 * @param perTask        task id to (attempted, succeeded), over every task a chain reached
 * @param completed      tasks completed, per chain, in chain order
 * @param substitutions  planned tasks that could not start from the state the policy left and were replaced by a
 *                       feasible one drawn from the chain's seed
 * @param infeasibleStops chains that ended because no task could start (not counted as a policy failure beyond it)
 * @param envSteps       simulator steps taken
 * @param policyCalls    chunks asked for
 * @param seconds        wall time (not part of the deterministic result)
 * @param gifs           rollout GIFs written, file names
 */
public record ChainResult(String policy, ChainConfig config, List<Double> successRates, double averageLength,
                          Map<String, TaskCount> perTask, List<Integer> completed, int substitutions,
                          int infeasibleStops, long envSteps, long policyCalls, double seconds, List<String> gifs) {

    /** How often a task was attempted in a chain and how often it succeeded. */
    public record TaskCount(int attempted, int succeeded) {
        public double rate() {
            return attempted == 0 ? 0 : (double) succeeded / attempted;
        }
    }

    public ChainResult {
        successRates = List.copyOf(successRates);
        perTask = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(perTask));
        completed = List.copyOf(completed);
        gifs = List.copyOf(gifs);
    }

    /**
     * A 95% interval for the average length: the 2.5th and 97.5th percentiles of the mean over 2,000 bootstrap
     * resamples of the chains (a fixed seed, so one result always gives one interval). With 100 chains a policy that
     * completes one task in half of them reads about 0.50 [0.40, 0.60].
     */
    public double[] averageLengthInterval() {
        int n = completed.size();
        if (n == 0) {
            return new double[]{0, 0};
        }
        int resamples = 2000;
        double[] means = new double[resamples];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(0x5EEDL);
        for (int r = 0; r < resamples; r++) {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += completed.get(rng.nextInt(n));
            }
            means[r] = (double) sum / n;
        }
        java.util.Arrays.sort(means);
        return new double[]{means[(int) (0.025 * resamples)], means[(int) (0.975 * resamples) - 1]};
    }

    /** The success-rate row as CALVIN tables print it. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| policy |");
        for (int k = 1; k <= successRates.size(); k++) {
            sb.append(' ').append(k).append(" |");
        }
        sb.append(" Avg. Len [95% CI] |\n|---|");
        sb.append("---|".repeat(successRates.size())).append("---|\n");
        sb.append("| ").append(policy).append(" |");
        for (double r : successRates) {
            sb.append(String.format(Locale.ROOT, " %.3f |", r));
        }
        double[] ci = averageLengthInterval();
        sb.append(String.format(Locale.ROOT, " %.2f [%.2f, %.2f] |%n%n", averageLength, ci[0], ci[1]));
        sb.append(String.format(Locale.ROOT, "%d chains of %d tasks, scene %s (%s), %d steps per task, %s; "
                        + "%d substitutions, %d infeasible stops, %d simulator steps, %d policy calls.%n%n",
                completed.size(), config.tasksPerChain(), config.scene(), config.setting().label(),
                config.stepsPerTask(), config.executeSteps() == 0 ? "whole chunks executed"
                        : "first " + config.executeSteps() + " actions of each chunk executed",
                substitutions, infeasibleStops, envSteps, policyCalls));
        sb.append("| task | attempted | succeeded | rate |\n|---|---|---|---|\n");
        for (Map.Entry<String, TaskCount> e : new java.util.TreeMap<>(perTask).entrySet()) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f |%n", e.getKey(), e.getValue().attempted(),
                    e.getValue().succeeded(), e.getValue().rate()));
        }
        return sb.toString();
    }

    public String toJson() {
        try {
            return Json.JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(new java.io.IOException("cannot serialise the chain result", e));
        }
    }

    /** Writes results.json and results.md into {@code dir}, each atomically. */
    public void write(Path dir) {
        AtomicFiles.writeString(dir.resolve("results.json"), toJson());
        AtomicFiles.writeString(dir.resolve("results.md"), toMarkdown());
    }
}
