package dev.worldlens.probe;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeDataTest {

    @Test
    void pairsOfTestEpisodesNeverEnterTheTrainingSet() {
        int[] episodeOf = {0, 0, 1, 1, 2, 2, 3, 3};
        float[][] targets = new float[8][1];
        FrameFeatures ff = new FrameFeatures(16, 1, new float[16], 0, null);
        int[] first = {0, 1, 4, 5, 8, 9, 12, 13};
        int[] second = {1, 2, 5, 6, 9, 10, 13, 14};
        ProbeData pd = new ProbeData(new PairSet(ff, first, second, targets, episodeOf), List.of(), null, 1);
        PairSet train = pd.pairsOf(new int[]{0, 2});
        assertTrue(Arrays.stream(train.episodeOf()).allMatch(e -> e == 0 || e == 2));
        assertEquals(4, train.size());
    }
}
