package dev.worldlens.policy.vpp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.worldlens.policy.Observation;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Closed-loop inference speed of a {@link VppPolicy}: chunks per second at batch 1 (one observation per call, as a
 * robot asks), with the median time of each part of a call: the visual feature pass, the Video Former, the head's
 * context encoder and the DDIM sampling loop. PyTorch runs eagerly on the CPU, so each part's time is its own.
 */
public final class PolicyBenchmark {

    /**
     * Medians in milliseconds per call; {@code chunksPerSecond} is calls over their summed wall time.
     *
     * @param calls         measured calls (after the warm-up)
     * @param samplingSteps DDIM steps per chunk
     * @param parameters    trained parameters of the policy (Former and head)
     */
    public record Result(int calls, double chunksPerSecond, double featuresMs, double formerMs, double contextMs,
                         double samplingMs, double totalMs, int samplingSteps, long parameters) {

        public String toMarkdown() {
            return String.format(Locale.ROOT, "| chunks/s | total ms | features ms | Video Former ms | context ms "
                            + "| sampling ms (%d steps) | parameters |%n|---|---|---|---|---|---|---|%n"
                            + "| %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %d |%n", samplingSteps, chunksPerSecond,
                    totalMs, featuresMs, formerMs, contextMs, samplingMs, parameters);
        }
    }

    private PolicyBenchmark() {
    }

    /** Times {@code calls} calls after {@code warmup} unmeasured ones, cycling through {@code observations}. */
    public static Result measure(VppPolicy policy, List<Observation> observations, int warmup, int calls) {
        if (observations.isEmpty() || calls < 1 || warmup < 0) {
            throw new IllegalArgumentException("benchmark needs observations, calls >= 1 and warm-up >= 0");
        }
        SplittableRandom rng = new SplittableRandom(0);
        double[][] ms = new double[5][calls];
        long wall = 0;
        for (int i = -warmup; i < calls; i++) {
            Observation o = observations.get(Math.floorMod(i, observations.size()));
            try (NDManager scope = policy.parameters().manager().newSubManager()) {
                long t0 = System.nanoTime();
                NDArray tokens = policy.features().tokens(scope, List.of(o));
                tokens.attach(scope);
                long t1 = System.nanoTime();
                NDArray former = policy.former().forward(tokens);
                long t2 = System.nanoTime();
                NDArray context = policy.head().context(former, List.of(o.instruction()));
                long t3 = System.nanoTime();
                VppPolicy.toChunks(policy.head().sample(context, rng));
                long t4 = System.nanoTime();
                if (i >= 0) {
                    ms[0][i] = (t1 - t0) / 1e6;
                    ms[1][i] = (t2 - t1) / 1e6;
                    ms[2][i] = (t3 - t2) / 1e6;
                    ms[3][i] = (t4 - t3) / 1e6;
                    ms[4][i] = (t4 - t0) / 1e6;
                    wall += t4 - t0;
                }
            }
        }
        return new Result(calls, calls / (wall / 1e9), median(ms[0]), median(ms[1]), median(ms[2]), median(ms[3]),
                median(ms[4]), policy.head().config().samplingSteps(), policy.parameters().count());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
