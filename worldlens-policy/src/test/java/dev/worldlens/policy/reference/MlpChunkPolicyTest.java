package dev.worldlens.policy.reference;

import dev.worldlens.core.Episode;
import dev.worldlens.core.Progress;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.eval.ChainConfig;
import dev.worldlens.policy.eval.ChainEvaluator;
import dev.worldlens.policy.eval.ChainResult;
import dev.worldlens.policy.eval.TabletopInputs;
import dev.worldlens.policy.eval.TaskFrameFeatures;
import dev.worldlens.policy.train.ChunkSamples;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MLP chunk regressor learns the chunks of its demonstrations and is deterministic for a seed. */
class MlpChunkPolicyTest {

    @Test
    void fitsTheDemonstratedChunksWellBelowTheMeanChunk() {
        GeneratorConfig generator = GeneratorConfig.of(List.of(Scene.A), Setting.STATIC).withCameras(8, 8)
                .withPlay(4, 480);
        EpisodeGenerator g = new EpisodeGenerator(generator, 5);
        List<Episode> demos = IntStream.range(0, 40).parallel().mapToObj(g::generate).toList();
        ChunkSamples samples = ChunkSamples.of(demos, 10, 4, "demonstrations");
        double variance = meanChunkMse(samples);
        int steps = Integer.getInteger("mlp.steps", 400);
        try (MlpChunkPolicy a = MlpChunkPolicy.fit(samples, TabletopInputs.vocabulary(), steps, 128, 1e-3, 3,
                Progress.NONE);
             MlpChunkPolicy b = MlpChunkPolicy.fit(samples, TabletopInputs.vocabulary(), steps, 128, 1e-3, 3,
                     Progress.NONE)) {
            assertTrue(a.lastLoss() < 0.6 * variance, "loss " + a.lastLoss() + ", mean chunk " + variance);
            Episode e = demos.get(2);
            Observation o = new Observation(Map.of("top", e.frames().frame("top", 7)), e.states()[7],
                    e.windows().get(0).instruction());
            float[][] chunk = a.act(o);
            for (int h = 0; h < chunk.length; h++) {
                assertArrayEquals(chunk[h], b.act(o)[h], "one seed, one policy");
                for (float v : chunk[h]) {
                    assertTrue(v >= -1 && v <= 1, "actions are clipped to their range");
                }
            }
            try (MlpChunkPolicy frame = MlpChunkPolicy.fit(samples, TabletopInputs.vocabulary(),
                    new TaskFrameFeatures(), 50, 64, 1e-3, 3, Progress.NONE)) {
                assertEquals(10, frame.act(o).length, "over the task frame");
                IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> frame.act(
                        new Observation(o.images(), o.state(), "juggle the blocks")));
                assertTrue(bad.getMessage().contains("juggle the blocks"), bad.getMessage());
            }
            ChainConfig chains = ChainConfig.defaults().withChains(Integer.getInteger("mlp.chains", 2))
                    .withScene(Scene.A, Setting.STATIC).withCameras(8, 8).withGifs(0)
                    .withExecuteSteps(Integer.getInteger("mlp.execute", 0));
            ChainResult r = ChainEvaluator.evaluate(a, chains, Progress.NONE);
            System.err.println("MLP chunk policy, loss " + a.lastLoss() + " (mean chunk " + variance + ")\n"
                    + r.toMarkdown());
        }
    }

    private static double meanChunkMse(ChunkSamples s) {
        int n = s.horizon() * s.actionDim();
        double[] mean = new double[n];
        for (int i = 0; i < s.size(); i++) {
            for (int j = 0; j < n; j++) {
                mean[j] += s.chunk(i)[j] / s.size();
            }
        }
        double sum = 0;
        for (int i = 0; i < s.size(); i++) {
            for (int j = 0; j < n; j++) {
                sum += Math.pow(s.chunk(i)[j] - mean[j], 2);
            }
        }
        return sum / ((double) s.size() * n);
    }
}
