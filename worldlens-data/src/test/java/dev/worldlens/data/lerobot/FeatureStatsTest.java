package dev.worldlens.data.lerobot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Quantiles and image sampling against figures printed by LeRobot's own RunningQuantileStats and sample_indices
 * (compute_stats.py at huggingface/lerobot 7427f318, run with numpy 2.4 on the same inputs).
 */
class FeatureStatsTest {
    @Test
    void vectorQuantilesMatchLeRobots() {
        FeatureStats.Accumulator acc = new FeatureStats.Accumulator(2);
        for (int i = 0; i < 50; i++) {
            acc.add(new float[]{(float) (Math.sin(i * 0.37) * 3 + i * 0.01), (i % 7) - 3f});
        }
        FeatureStats st = acc.stats();
        double[][] lerobot = {{-2.855719566345215, -3.0}, {-2.536907911300659, -3.0},
                {0.19167232513427734, -0.0006855896541050503}, {3.0285987854003906, 2.999143055507115},
                {3.3704495429992676, 2.9999143055507114}};
        for (int k = 0; k < lerobot.length; k++) {
            // LeRobot bins in float32 where the values are float32
            assertArrayEquals(lerobot[k], st.quantiles()[k], 1e-12, FeatureStats.QUANTILE_KEYS.get(k));
        }
        assertArrayEquals(new double[]{0.264969140291214, -0.05999999865889549}, st.mean(), 1e-6);
        assertArrayEquals(new double[]{2.1050827503204346, 2.023956537246704}, st.std(), 1e-6);
    }

    @Test
    void imageQuantilesMatchLeRobotsOverEightBitLevels() {
        FeatureStats.Accumulator acc = new FeatureStats.Accumulator(3);
        for (int f = 0; f < 2; f++) {
            byte[] rgb = new byte[4 * 5 * 3];
            for (int i = 0; i < 20; i++) {
                for (int c = 0; c < 3; c++) {
                    rgb[i * 3 + c] = (byte) ((7 * i + 13 * c + 29 * f) % 256);
                }
            }
            acc.addImage(rgb, 5, 4);
        }
        FeatureStats st = acc.stats();
        double[][] lerobot = {{-3.921568744649079e-13, 0.05098039284348488, 0.10196078568696976},
                {0.08246118134143306, 0.13344158097809436, 0.18442197313495712},
                {0.305957659553079, 0.3569380517099418, 0.40791844386680454},
                {0.5255153282015932, 0.5764957203584559, 0.6274761125153187},
                {0.6352433028875614, 0.686223695044424, 0.7372040872012868}};
        for (int k = 0; k < lerobot.length; k++) {
            // the same bins and levels; LeRobot divides by 255 in float32 where a quantile is a float32 bin edge
            assertArrayEquals(lerobot[k], st.quantiles()[k], 1e-8, FeatureStats.QUANTILE_KEYS.get(k));
        }
        assertEquals(2, st.count(), "an image feature counts frames");
    }

    @Test
    void imageStatsSampleTheFramesLeRobotSamples() {
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6}, FeatureStats.sampledFrames(7));
        assertEquals(100, FeatureStats.sampledFrames(150).length);
        assertArrayEquals(new int[]{0, 2, 3, 5, 6}, java.util.Arrays.copyOf(FeatureStats.sampledFrames(150), 5));
        int[] thousand = FeatureStats.sampledFrames(1000);
        assertEquals(177, thousand.length);
        assertArrayEquals(new int[]{0, 6, 11, 17, 23, 28}, java.util.Arrays.copyOf(thousand, 6));
    }

    @Test
    void mergedQuantilesAreTheEnvelopeOfTheEpisodes() {
        double[][] qa = {{1}, {2}, {3}, {4}, {5}};
        double[][] qb = {{0}, {3}, {2}, {6}, {4}};
        FeatureStats a = new FeatureStats(new double[]{0}, new double[]{9}, new double[]{3}, new double[]{1}, 10, qa);
        FeatureStats b = new FeatureStats(new double[]{0}, new double[]{9}, new double[]{3}, new double[]{1}, 5, qb);
        FeatureStats m = FeatureStats.merge(List.of(a, b));
        assertArrayEquals(new double[][]{{0}, {2}, {2}, {6}, {5}}, m.quantiles());
        assertEquals(null, FeatureStats.merge(List.of(a, new FeatureStats(new double[]{0}, new double[]{9},
                new double[]{3}, new double[]{1}, 5, null))).quantiles(), "files without quantiles give none");
    }
}
