package dev.worldlens.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.nn.Ema;
import dev.worldlens.nn.Linear;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLoopTest {

    /** Regress y = x A on fresh random batches, with an EMA copy as extra state. */
    static class Regression implements TrainingObjective, AutoCloseable {
        final NDManager manager = Torch.newManager();
        final Parameters params = new Parameters(manager);
        final Parameters ema = new Parameters(manager);
        final Linear layer = Linear.create(params, "fc", 8, 3, new SplittableRandom(1));
        final Ema average;
        final float[] truth = new float[8 * 3];

        Regression() {
            Linear.create(ema, "fc", 8, 3, new SplittableRandom(2));
            average = new Ema(params, "fc", ema, "fc");
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 0; i < truth.length; i++) {
                truth[i] = (float) r.nextGaussian();
            }
        }

        @Override
        public Parameters trained() {
            return params;
        }

        @Override
        public Map<String, Parameters> extraState() {
            return Map.of("ema", ema);
        }

        @Override
        public StepLoss loss(int step, SplittableRandom rng, NDManager scope) {
            float[] x = new float[32 * 8];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            NDArray xs = scope.create(x, new Shape(32, 8));
            NDArray y = xs.matMul(scope.create(truth, new Shape(8, 3)));
            NDArray loss = layer.forward(xs).sub(y).square().mean();
            return new StepLoss(loss, Map.of("mse", loss));
        }

        @Override
        public void afterStep(int step, int totalSteps) {
            average.update(0.9);
        }

        @Override
        public int framesPerStep() {
            return 32;
        }

        float[] weights() {
            return params.get("fc.weight").toFloatArray();
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    private static TrainingConfig config(int steps) {
        return TrainingConfig.builder().setSteps(steps).setLearningRate(0.05).setSeed(7).optWarmupSteps(2)
                .optWeightDecay(0.0).optLogEvery(5).optCheckpointEvery(10).build();
    }

    @Test
    void lossFallsAndTheLogAndCurvesAreWritten(@TempDir Path dir) throws Exception {
        try (Regression r = new Regression()) {
            new TrainingLoop(config(60)).run(r, dir);
            Map<String, double[]> log = LossLog.read(dir.resolve(LossLog.FILE));
            double[] total = log.get("total");
            assertEquals(12, total.length);
            assertTrue(total[total.length - 1] < 0.25 * total[0], "loss " + total[0] + " -> " + total[total.length - 1]);
            assertTrue(Files.size(LossCurves.write(dir, "regression")) > 1000);
        }
    }

    @Test
    void resumingGivesTheSameWeightsAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        float[] straight;
        float[] straightEma;
        try (Regression r = new Regression()) {
            new TrainingLoop(config(40)).run(r, dir.resolve("a"));
            straight = r.weights();
            straightEma = r.ema.get("fc.weight").toFloatArray();
        }
        // interrupted after 23 steps (the last checkpoint is at 20), then a new process resumes to 40
        try (Regression r = new Regression()) {
            assertThrows(IllegalStateException.class, () -> new TrainingLoop(config(40)).run(r, dir.resolve("b"),
                    RecordingProgress.interruptAt("train", 23), "train"));
        }
        RecordingProgress progress = new RecordingProgress();
        try (Regression r = new Regression()) {
            TrainingLoop.Outcome o = new TrainingLoop(config(40)).run(r, dir.resolve("b"), progress, "regression");
            assertEquals(20, o.resumedFrom());
            assertArrayEquals(straight, r.weights());
            assertArrayEquals(straightEma, r.ema.get("fc.weight").toFloatArray());
            // the bar starts at the resumed step and shows the latest loss
            RecordingProgress.Recorded bar = progress.bar("regression");
            assertEquals(List.of(40L, 20L, 40L, true), List.of(bar.total(), bar.before(), bar.current(),
                    bar.closed()));
            assertEquals(String.format(Locale.ROOT, "loss %.4g", o.lastLoss()),
                    bar.messages().get(bar.messages().size() - 1));
        }
        try (Regression r = new Regression()) {
            new TrainingLoop(config(40)).run(r, dir.resolve("b"), progress, "again");
            assertEquals(List.of("regression"), progress.names(), "a finished run opens no bar");
        }
        assertEquals(Files.readString(dir.resolve("a").resolve(LossLog.FILE)),
                Files.readString(dir.resolve("b").resolve(LossLog.FILE)));
    }

    @Test
    void aCheckpointReloadsToTheSameOutputs(@TempDir Path dir) {
        try (Regression r = new Regression(); Regression fresh = new Regression()) {
            new TrainingLoop(config(10)).run(r, dir);
            Checkpoint.loadWeights(Checkpoint.latest(dir), fresh.params);
            assertArrayEquals(r.weights(), fresh.weights());
        }
    }

    @Test
    void aDivergedRunNamesTheTermAndTheParametersThatBroke(@TempDir Path dir) {
        try (Regression r = new Regression() {
            @Override
            public StepLoss loss(int step, SplittableRandom rng, NDManager scope) {
                StepLoss fine = super.loss(step, rng, scope);
                if (step < 3) {
                    return fine;
                }
                // the square root of a negative number: the term and, through backward, the weight gradient become NaN
                NDArray bad = layer.forward(scope.ones(new Shape(1, 8))).sum().square().add(1).neg().sqrt();
                return new StepLoss(fine.total().add(bad), Map.of("mse", fine.total(), "broken", bad));
            }
        }) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new TrainingLoop(config(10)).run(r, dir));
            assertTrue(e.getMessage().contains("at step 3"), e.getMessage());
            assertTrue(e.getMessage().contains("broken=NaN"), e.getMessage());
            assertTrue(e.getMessage().contains("non-finite gradients: [fc.weight"), e.getMessage());
        }
    }

    /** A finite loss whose gradient is NaN at the given steps: d sqrt(|x|) at x = 0 is inf x sign(0). */
    static Regression nanGradientAt(java.util.function.IntPredicate bad) {
        return new Regression() {
            @Override
            public StepLoss loss(int step, SplittableRandom rng, NDManager scope) {
                StepLoss fine = super.loss(step, rng, scope);
                if (!bad.test(step)) {
                    return fine;
                }
                NDArray a = layer.forward(scope.ones(new Shape(1, 8))).sum();
                NDArray zero = a.sub(a).abs().sqrt();
                return new StepLoss(fine.total().add(zero), fine.terms());
            }
        };
    }

    @Test
    void aStepWithNonFiniteGradientsIsSkippedAndCounted(@TempDir Path dir) {
        try (Regression r = nanGradientAt(step -> step == 3)) {
            TrainingLoop.Outcome o = new TrainingLoop(config(10)).run(r, dir);
            assertEquals(1, o.skippedSteps());
            for (float w : r.weights()) {
                assertTrue(Float.isFinite(w));
            }
            assertTrue(Double.isFinite(o.lastLoss()));
        }
        try (Regression r = nanGradientAt(step -> step >= 3)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new TrainingLoop(config(20)).run(r, dir.resolve("always")));
            assertTrue(e.getMessage().contains("in a row"), e.getMessage());
        }
    }

    @Test
    void scheduleWarmsUpThenDecays() {
        LearningRateSchedule s = new LearningRateSchedule(1.0, 10, 110, 0.01);
        assertEquals(0.1, s.at(0), 1e-12);
        assertEquals(1.0, s.at(9), 1e-12);
        assertEquals(1.0, s.at(10), 1e-12);
        assertEquals(0.01, s.at(109), 1e-9);
        assertTrue(s.at(60) < s.at(30));
    }

    @Test
    void lossTermsIterateInNameOrderWhateverTheMapGiven() {
        try (NDManager m = Torch.newManager()) {
            NDArray x = m.create(1f);
            Map<String, NDArray> terms = Map.of("reconstruction", x, "kl", x, "vae", x, "id-l1", x);
            assertEquals(java.util.List.of("id-l1", "kl", "reconstruction", "vae"),
                    java.util.List.copyOf(new StepLoss(x, terms).terms().keySet()));
        }
    }
}
