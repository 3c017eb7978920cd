package dev.worldlens.probe;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

class MlpDiagnosticTest {
    @Test
    void diagnose() {
        FeatureStore store = FeatureStore.open(Path.of("/work/main/runs/probe-abc-rand/features/state"));
        ProbeData pd = ProbeData.load(store, 1, false);
        Split split = Split.make(pd.episodes(), SplitConfig.of(SplitKind.TASK));
        PairSet train = pd.pairsOf(split.train());
        PairSet test = pd.pairsOf(split.test());
        System.out.println("train pairs " + train.size() + " test pairs " + test.size());
        for (MlpProbeConfig c : List.of(MlpProbeConfig.defaults().withMode(PairMode.CONCAT_DELTA))) {
            MlpProbe.Fitted f = new MlpProbe(c).fit(train, 0);
            ProbeMetrics m = ProbeMetrics.of(test.targets(), f.predict(test), pd.schema());
            ProbeMetrics mt = ProbeMetrics.of(train.targets(), f.predict(train), pd.schema());
            System.out.println(c.mode() + " steps " + c.steps() + " test R2 " + m.r2() + " " + Arrays.toString(m.r2PerDimension())
                    + " train R2 " + mt.r2() + " loss " + f.finalLoss() + " s " + f.fitSeconds());
        }
    }
}
