package dev.worldlens.policy.reference;

import dev.worldlens.core.Episode;
import dev.worldlens.core.Progress;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.eval.ChainConfig;
import dev.worldlens.policy.eval.ChainEvaluator;
import dev.worldlens.policy.eval.ChainResult;
import dev.worldlens.policy.eval.RandomPolicy;
import dev.worldlens.policy.eval.TaskFrameFeatures;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training-free reference: a lookup of demonstrated chunks by state that completes tasks at test size. */
class NearestNeighbourPolicyTest {
    private static final int EPISODES = Integer.getInteger("nn.episodes", 200);

    @Test
    void aTrainingStateGetsItsOwnChunkAndTheLookupCompletesTasks() {
        GeneratorConfig generator = GeneratorConfig.of(List.of(Scene.A), Setting.STATIC).withCameras(8, 8)
                .withPlay(4, 480);
        EpisodeGenerator g = new EpisodeGenerator(generator, 5);
        List<Episode> demos = IntStream.range(0, EPISODES).parallel().mapToObj(g::generate).toList();
        NearestNeighbourPolicy nn = NearestNeighbourPolicy.of(demos, 10, new TaskFrameFeatures());

        // over the whole state, a frame the gripper has just moved into is its own nearest neighbour (frames of a
        // pause share one state)
        NearestNeighbourPolicy plainLookup = NearestNeighbourPolicy.of(demos, 10);
        Episode e = demos.get(3);
        dev.worldlens.core.LanguageWindow w = e.windows().get(0);
        int t = w.start() + 1;
        while (Math.abs(e.actions()[t - 1][0]) + Math.abs(e.actions()[t - 1][1]) < 0.01) {
            t++;
        }
        float[][] chunk = plainLookup.act(new Observation(Map.of("top", e.frames().frame("top", t)), e.states()[t],
                w.instruction()));
        assertEquals(10, chunk.length);
        for (int h = 0; h < 10 && t + h < w.end(); h++) {
            assertArrayEquals(e.actions()[t + h], chunk[h], "step " + h);
        }

        ChainConfig chains = ChainConfig.defaults().withChains(Integer.getInteger("nn.chains", 20))
                .withScene(Scene.A, Setting.STATIC).withCameras(8, 8).withGifs(0);
        ChainResult lookup = ChainEvaluator.evaluate(nn, chains, Progress.NONE);
        ChainResult random = ChainEvaluator.evaluate(new RandomPolicy(10, 4, 1), chains, Progress.NONE);
        ChainResult plain = ChainEvaluator.evaluate(plainLookup, chains, Progress.NONE);
        System.err.println(lookup.toMarkdown() + "\n" + plain.toMarkdown() + "\n" + random.toMarkdown());
        assertTrue(lookup.successRates().get(0) >= 0.5, lookup.toMarkdown());
        assertTrue(lookup.averageLength() >= random.averageLength() + 0.5, lookup.toMarkdown() + random.toMarkdown());
    }
}
