package dev.worldlens.policy.vpp;

import dev.worldlens.encoders.RandomVitEncoder;
import dev.worldlens.nn.SingleTorchThread;
import dev.worldlens.policy.Observation;
import dev.worldlens.policy.Tiny;
import dev.worldlens.policy.train.ChunkSamples;
import dev.worldlens.sim.Scene;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SingleTorchThread.class)
class PolicyBenchmarkTest {
    @Test
    void partsAddUpToTheCall() {
        try (RandomVitEncoder enc = Tiny.encoder();
             VppPolicy p = VppPolicy.create(Tiny.policy(), Tiny.features(enc))) {
            ChunkSamples s = ChunkSamples.of(Tiny.episodes(List.of(Scene.A), 0, 1), 10, 4, "test");
            List<Observation> obs = List.of(s.observation(0), s.observation(1));
            PolicyBenchmark.Result r = PolicyBenchmark.measure(p, obs, 1, 5);
            assertEquals(5, r.calls());
            assertEquals(10, r.samplingSteps());
            assertEquals(p.parameters().count(), r.parameters());
            assertTrue(r.featuresMs() > 0 && r.formerMs() > 0 && r.contextMs() > 0 && r.samplingMs() > 0);
            // medians of parts need not add up exactly to the median call, but cannot exceed it by much
            double parts = r.featuresMs() + r.formerMs() + r.contextMs() + r.samplingMs();
            assertTrue(parts < 1.5 * r.totalMs() && parts > 0.5 * r.totalMs(), r.toMarkdown());
            // ten DDIM steps each run the whole decoder: sampling dominates the head
            assertTrue(r.samplingMs() > r.contextMs(), r.toMarkdown());
            assertTrue(r.chunksPerSecond() > 0 && r.chunksPerSecond() < 1e5);
            assertTrue(r.toMarkdown().contains("sampling ms (10 steps)"));
        }
    }
}
