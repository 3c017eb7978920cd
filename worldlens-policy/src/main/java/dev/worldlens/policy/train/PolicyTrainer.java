package dev.worldlens.policy.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.Episode;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RunFolder;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.Checkpoint;
import dev.worldlens.nn.train.LossCurves;
import dev.worldlens.nn.train.TrainingLoop;
import dev.worldlens.policy.Policy;
import dev.worldlens.policy.VisualFeatures;
import dev.worldlens.policy.vpp.VppPolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Stage 2 of VPP into a run folder: config.yaml and provenance.json, features/ (every sample's frozen features,
 * computed once; a rerun reads them), checkpoint/ (a rerun resumes from it), losses.csv and loss-curves.png,
 * validation.csv (action MSE of sampled chunks on held-out episodes, and the closed-loop checks when the config asks
 * for them) and best/, the policy kept so far (the lowest validation MSE, or the longest chains; load it with
 * {@link VppPolicy#load}), and summary.json. The features stay frozen; the policy reads them standardised per channel
 * with the training samples' statistics. Progress: a bar "features" while the features are computed, then "policy"
 * with the loss, and the validation MSE after a validation.
 */
public final class PolicyTrainer {
    public static final String BEST = "best";
    public static final String VALIDATION = "validation.csv";
    /** The run's feature cache folder (see {@link TrainingSamples}). */
    public static final String FEATURES = "features";
    public static final String SUMMARY = "summary.json";
    private static final long VALIDATION_NOISE = 0x6A09E667F3BCC908L;
    /** Training samples read for the feature statistics (all when fewer). */
    static final int STATISTICS_SAMPLES = 4096;

    /**
     * One validation: the MSE of sampled chunks over every value, the MSE over the movement values alone (all but
     * the last, the gripper command), the share of gripper commands whose sign matches the demonstration (the
     * gripper is most of the MSE, and a command is executed by its sign), and the average chain length of the
     * closed-loop check when one ran at this step (NaN otherwise).
     */
    public record Validation(int step, double mse, double movementMse, double gripperAccuracy,
                             double rolloutLength) {

        /** Whether this validation is a better policy to keep than {@code other} under {@code config}. */
        boolean betterThan(Validation other, PolicyTrainingConfig config) {
            if (!config.selectsByRollout()) {
                return other == null || mse < other.mse;
            }
            if (Double.isNaN(rolloutLength)) {
                return false;
            }
            return other == null || rolloutLength > other.rolloutLength
                    || rolloutLength == other.rolloutLength && mse < other.mse;
        }
    }

    /**
     * Runs a policy closed loop and answers its average chain length; the trainer knows nothing of the simulator,
     * so the caller that knows the scene builds it (see {@code ChainEvaluator}).
     */
    @FunctionalInterface
    public interface ClosedLoopCheck {
        double averageLength(Policy policy);
    }

    /**
     * What a run did; {@code bestPolicy} is the folder of the best-validation policy. {@code meanChunkMse} is the
     * validation MSE of always answering the training set's mean chunk: a policy below it has learnt something.
     */
    public record Report(int resumedFrom, int steps, double lastLoss, int bestStep, double bestMse,
                         double meanChunkMse, List<Validation> validations, int trainSamples, int validationSamples,
                         double seconds, Path bestPolicy) {
    }

    private PolicyTrainer() {
    }

    public static Report run(PolicyTrainingConfig config, VisualFeatures features, List<Episode> train,
                             List<Episode> validation, Path out, Progress progress) {
        return run(config, features, train, validation, out, null, progress);
    }

    /** Trains on episodes; {@code check} runs the closed-loop checks the config asks for (null when it asks none). */
    public static Report run(PolicyTrainingConfig config, VisualFeatures features, List<Episode> train,
                             List<Episode> validation, Path out, ClosedLoopCheck check, Progress progress) {
        requireCheck(config, check);
        // a folder holding another config is refused before the features are computed, not after
        RunFolder.open(out, "policy train", config, config.seed());
        try (TrainingSamples samples = TrainingSamples.prepare(features, train, validation, config,
                out.resolve(FEATURES), progress)) {
            return run(config, samples, out, check, progress);
        }
    }

    private static void requireCheck(PolicyTrainingConfig config, ClosedLoopCheck check) {
        if (config.selectsByRollout() && check == null) {
            throw new IllegalArgumentException("the config selects the policy by " + config.rolloutChains()
                    + " closed-loop chains, but no closed-loop check was given to run them");
        }
    }

    /**
     * Stage 2 on samples whose features are already computed (shared by several policies over the same features);
     * they must have been prepared for this config's chunk shape and batch.
     */
    public static Report run(PolicyTrainingConfig config, TrainingSamples samples, Path out, Progress progress) {
        return run(config, samples, out, null, progress);
    }

    /** As {@link #run(PolicyTrainingConfig, TrainingSamples, Path, Progress)}, with the closed-loop check. */
    public static Report run(PolicyTrainingConfig config, TrainingSamples samples, Path out, ClosedLoopCheck check,
                             Progress progress) {
        requireCheck(config, check);
        int horizon = config.policy().head().horizon();
        int actionDim = config.policy().head().actionDim();
        if (!samples.fits(horizon, actionDim) || samples.batch() != config.batch()
                || samples.train().stride() != config.sampleStride()) {
            throw new IllegalArgumentException("training samples prepared for another chunk shape, batch or stride "
                    + "than the policy's " + horizon + " x " + actionDim + ", batch " + config.batch() + ", a sample "
                    + "every " + config.sampleStride() + " frames");
        }
        ChunkSamples trainSamples = samples.train();
        ChunkSamples valSamples = samples.validation();
        VisualFeatures features = samples.features();
        RunFolder run = RunFolder.open(out, "policy train", config, config.seed());
        run.recordData(Map.of("train", trainSamples.fingerprint(), "validation", valSamples.fingerprint()));
        int[] valIdx = valSamples.spread(config.validationSamples());
        Path latest = Checkpoint.latest(out);
        int resumeStep = latest == null ? 0 : Checkpoint.completedSteps(latest);
        List<Validation> history = readValidations(out.resolve(VALIDATION), resumeStep);
        try (VppPolicy policy = VppPolicy.create(config.policy(), features);
             VppPolicy ema = config.emaDecay() > 0 ? VppPolicy.create(config.policy(), features) : null;
             NDManager manager = Torch.newManager()) {
            FeatureCache trainCache = samples.trainCache();
            FeatureCache valCache = samples.validationCache();
            policy.standardiseFeatures(samples.statistics());
            // validation and the saved policies read the EMA weights when there are any
            VppPolicy evaluated = ema == null ? policy : ema;
            if (ema != null) {
                ema.standardiseFeatures(samples.statistics());
            }
            Validation[] best = {bestOf(history, config)};
            TrainingLoop.AfterStep validation = (stepsDone, stepsTotal, bar) -> {
                if (stepsDone % config.validateEvery() != 0 && stepsDone != stepsTotal) {
                    return;
                }
                double[] err = validate(evaluated, valSamples, valCache, valIdx, config.batch(), config.seed(),
                        manager);
                double mse = err[0];
                double length = Double.NaN;
                if (config.rolloutAt(stepsDone, stepsTotal)) {
                    bar.message(String.format(Locale.ROOT, "val MSE %.4f; %d chains in %s...", mse,
                            config.rolloutChains(), config.rolloutScene()));
                    length = check.averageLength(evaluated);
                }
                Validation v = new Validation(stepsDone, mse, err[1], err[2], length);
                history.add(v);
                writeValidations(out.resolve(VALIDATION), history);
                boolean improved = v.betterThan(best[0], config);
                if (improved) {
                    best[0] = v;
                    evaluated.save(out.resolve(BEST));
                    AtomicFiles.writeString(out.resolve(BEST).resolve("validation.json"), String.format(Locale.ROOT,
                            "{\"step\": %d, \"mse\": %.8g, \"rolloutLength\": %s}%n", stepsDone, mse,
                            Double.isNaN(length) ? "null" : String.format(Locale.ROOT, "%.4f", length)));
                }
                bar.message(String.format(Locale.ROOT, "val MSE %.4f (move %.4f, grip %.2f)%s%s", mse, err[1],
                        err[2], Double.isNaN(length) ? "" : String.format(Locale.ROOT, ", avg len %.2f", length),
                        improved ? " (best)" : ""));
            };
            PolicyObjective objective = new PolicyObjective(policy, ema, trainSamples, trainCache, config);
            TrainingLoop.Outcome outcome = new TrainingLoop(config.training()).run(objective, out, progress, "policy",
                    validation);
            LossCurves.write(out, "VPP stage 2 (" + config.features() + ")");
            run.finish();
            Validation b = best[0];
            Report report = new Report(outcome.resumedFrom(), outcome.steps(), outcome.lastLoss(),
                    b == null ? -1 : b.step(), b == null ? Double.NaN : b.mse(),
                    meanChunkMse(trainSamples, valSamples, valIdx), List.copyOf(history), trainSamples.size(),
                    valIdx.length, outcome.seconds(), out.resolve(BEST));
            writeSummary(out.resolve(SUMMARY), report);
            return report;
        }
    }

    /**
     * Mean squared error between chunks sampled for {@code idx} (the same noise at every validation, so validations
     * differ only by the weights) and the demonstrated chunks: {all values, movement values, gripper sign accuracy}.
     */
    static double[] validate(VppPolicy policy, ChunkSamples samples, FeatureCache cache, int[] idx, int batch,
                             long seed, NDManager manager) {
        SplittableRandom noise = new SplittableRandom(seed ^ VALIDATION_NOISE);
        double sum = 0;
        long count = 0;
        double moveSum = 0;
        long moveCount = 0;
        long gripRight = 0;
        long gripCount = 0;
        for (int from = 0; from < idx.length; from += batch) {
            int[] part = java.util.Arrays.copyOfRange(idx, from, Math.min(idx.length, from + batch));
            List<String> instructions = new ArrayList<>();
            for (int i : part) {
                instructions.add(samples.instruction(i));
            }
            float[][][] chunks;
            try (NDManager scope = manager.newSubManager()) {
                NDArray tokens = cache.tokens(scope, part);
                chunks = VppPolicy.toChunks(policy.chunks(tokens, instructions, noise));
            }
            for (int i = 0; i < part.length; i++) {
                float[] truth = samples.chunk(part[i]);
                int a = samples.actionDim();
                for (int h = 0; h < samples.horizon(); h++) {
                    for (int d = 0; d < a; d++) {
                        double e = chunks[i][h][d] - truth[h * a + d];
                        sum += e * e;
                        count++;
                        if (d < a - 1) {
                            moveSum += e * e;
                            moveCount++;
                        } else {
                            gripCount++;
                            if ((chunks[i][h][d] > 0) == (truth[h * a + d] > 0)) {
                                gripRight++;
                            }
                        }
                    }
                }
            }
        }
        return new double[]{sum / count, moveCount == 0 ? Double.NaN : moveSum / moveCount,
                gripCount == 0 ? Double.NaN : (double) gripRight / gripCount};
    }

    /** The validation MSE of the training samples' mean chunk (the best constant answer). */
    static double meanChunkMse(ChunkSamples train, ChunkSamples val, int[] idx) {
        int n = train.horizon() * train.actionDim();
        double[] mean = new double[n];
        for (int i = 0; i < train.size(); i++) {
            float[] c = train.chunk(i);
            for (int j = 0; j < n; j++) {
                mean[j] += c[j] / (double) train.size();
            }
        }
        double sum = 0;
        for (int i : idx) {
            float[] c = val.chunk(i);
            for (int j = 0; j < n; j++) {
                sum += (c[j] - mean[j]) * (c[j] - mean[j]);
            }
        }
        return sum / ((double) idx.length * n);
    }

    private static void writeSummary(Path file, Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", r.steps());
        m.put("resumedFrom", r.resumedFrom());
        m.put("lastLoss", r.lastLoss());
        m.put("bestStep", r.bestStep());
        m.put("bestValidationMse", r.bestMse());
        m.put("meanChunkValidationMse", r.meanChunkMse());
        m.put("trainSamples", r.trainSamples());
        m.put("validationSamples", r.validationSamples());
        m.put("validations", r.validations());
        m.put("seconds", r.seconds());
        try {
            AtomicFiles.writeString(file, dev.worldlens.core.Json.JSON.writeValueAsString(m));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the training summary", e);
        }
    }

    private static Validation bestOf(List<Validation> history, PolicyTrainingConfig config) {
        Validation best = null;
        for (Validation v : history) {
            if (v.betterThan(best, config)) {
                best = v;
            }
        }
        return best;
    }

    private static List<Validation> readValidations(Path file, int upToStep) {
        List<Validation> out = new ArrayList<>();
        if (upToStep == 0 || !Files.exists(file)) {
            return out;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",");
                int step = Integer.parseInt(cells[0]);
                if (step <= upToStep) {
                    out.add(new Validation(step, Double.parseDouble(cells[1]),
                            cells.length > 2 ? Double.parseDouble(cells[2]) : Double.NaN,
                            cells.length > 3 ? Double.parseDouble(cells[3]) : Double.NaN,
                            cells.length > 4 && !cells[4].isEmpty() ? Double.parseDouble(cells[4]) : Double.NaN));
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new dev.worldlens.core.InvalidInputException(file, "validation", "cannot be read back to resume: "
                    + e.getMessage());
        }
    }

    private static void writeValidations(Path file, List<Validation> history) {
        StringBuilder sb = new StringBuilder("step,mse,movement_mse,gripper_accuracy,rollout_avg_len\n");
        Map<Integer, Validation> byStep = new LinkedHashMap<>();
        for (Validation v : history) {
            byStep.put(v.step(), v);
        }
        byStep.forEach((s, v) -> sb.append(s).append(String.format(Locale.ROOT, ",%.8g,%.8g,%.6f,%s%n", v.mse(),
                v.movementMse(), v.gripperAccuracy(), Double.isNaN(v.rolloutLength()) ? ""
                        : String.format(Locale.ROOT, "%.4f", v.rolloutLength()))));
        AtomicFiles.writeString(file, sb.toString());
    }
}
