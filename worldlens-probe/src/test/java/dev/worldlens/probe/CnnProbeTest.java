package dev.worldlens.probe;

import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.metrics.R2;
import dev.worldlens.encoders.RawPixelsEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CnnProbeTest {
    private static final int SIDE = 16;
    private static final int EPISODES = 30;
    private static final int HELD_OUT = 6;
    /**
     * Test size: two convolutions (16 -> 8 -> 4) at full resolution without the shift (16x16 frames are too small to
     * pool), a few hundred steps on one thread.
     */
    static final CnnProbeConfig SMALL = CnnProbeConfig.defaults().withChannels(16, 32).withHidden(64).withSteps(300)
            .withLearningRate(2e-3).withThreads(1).withPool(1).withShift(0);

    private static PairSet train;
    private static PairSet test;

    @BeforeAll
    static void encodeShiftingTexture(@TempDir Path dir) {
        EpisodeSource source = ShiftingTextureEpisodes.create(EPISODES, 40, SIDE, 1.5, 8);
        // raw at the image's own side: the pixels themselves, (y, x, channel) in [0, 1]
        ProbeData data = ProbeData.load(Fixtures.encode(new RawPixelsEncoder(SIDE), source, dir), 1, false);
        train = data.pairsOf(ShiftingTextureEpisodes.positions(0, EPISODES - HELD_OUT));
        test = data.pairsOf(ShiftingTextureEpisodes.positions(EPISODES - HELD_OUT, EPISODES));
    }

    @Test
    void readsTheImageShiftFromTheStackedFramesOfHeldOutPairs() {
        CnnProbe.Fitted fitted = new CnnProbe(SMALL).fit(train, 1);
        double r2 = R2.uniform(test.targets(), fitted.predict(test));
        // measured 0.985 (1.6 s of fitting on 2 cores); the issue asks for 0.5, 0.9 leaves room for other machines
        assertTrue(r2 >= 0.9, "held-out R^2 " + r2 + " after " + fitted.fitSeconds() + " s");
        assertEquals(SIDE, fitted.side());
        float[][] again = new CnnProbe(SMALL).fit(train, 1).predict(test);
        float[][] first = fitted.predict(test);
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], again[i], 0f, "the same seed gives the same probe");
        }
    }

    @Test
    void isNamedCnnAndNamesWhatItReads() {
        assertEquals("cnn", Probe.named("cnn", 7, PairMode.CONCAT).name());
        assertEquals(7, ((CnnProbe) Probe.named("cnn", 7, PairMode.CONCAT)).config().steps());
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> Probe.named("cnm", 7, PairMode.CONCAT));
        assertTrue(unknown.getMessage().contains("cnn"), unknown.getMessage());
        IllegalArgumentException notSquare = assertThrows(IllegalArgumentException.class,
                () -> new CnnProbe(SMALL).fit(MlpProbeTest.noisePairs(20, 1), 1));
        assertTrue(notSquare.getMessage().contains("raw:SIDE"), notSquare.getMessage());
        // four stride-2 convolutions leave 1x1 maps of 16x16 frames; five of kernel 4 leave nothing of 8x8
        assertEquals(1, CnnProbeConfig.defaults().outputSide(16));
        assertEquals(4, CnnProbeConfig.defaults().outputSide(64));
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class, () -> CnnProbe.sideOf(
                8 * 8 * 3, CnnProbeConfig.defaults().withPool(1).withKernel(4).withChannels(8, 8, 8, 8, 8)));
        assertTrue(tooSmall.getMessage().contains("8x8"), tooSmall.getMessage());
    }
}
