package dev.worldlens.probe;

import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.metrics.R2;
import dev.worldlens.encoders.BuiltinEncoders;
import dev.worldlens.encoders.Encoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The motion reference (observability ceiling) probed like any encoder, through a feature store and a ridge probe. */
class MotionReferenceProbeTest {
    /**
     * Enough pairs to outnumber the 1,560 inputs of [z_t, z_t+k - z_t]: with fewer (24 episodes) cross-validation
     * still picks a small alpha and the 1,536 pixel columns cost the fit about 0.15 of R^2.
     */
    private static final int EPISODES = 48;
    private static final int HELD_OUT = 12;

    @Test
    void aRidgeProbeReadsTheImageShiftBackFromTheMotionFeatures(@TempDir Path dir) {
        EpisodeSource source = ShiftingTextureEpisodes.create(EPISODES, 40, 64, 3.0, 4);
        try (Encoder motion = BuiltinEncoders.create("motion", 0)) {
            ProbeData data = ProbeData.load(Fixtures.encode(motion, source, dir), 1, false);
            PairSet train = data.pairsOf(ShiftingTextureEpisodes.positions(0, EPISODES - HELD_OUT));
            PairSet test = data.pairsOf(ShiftingTextureEpisodes.positions(EPISODES - HELD_OUT, EPISODES));
            // the study's pair mode; a shorter alpha grid than the default keeps the test in a few seconds
            RidgeConfig ridge = new RidgeConfig(List.of(1e-5, 1e-3, 1e-1), 3, PairMode.CONCAT_DELTA);
            double r2 = R2.uniform(test.targets(), new RidgeProbe(ridge).fit(train, 0).predict(test));
            assertTrue(r2 > 0.9, "held-out R^2 of the motion reference at k = 1: " + r2);
        }
    }
}
