package dev.worldlens.probe;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.split.Split;
import dev.worldlens.core.split.SplitConfig;
import dev.worldlens.core.split.SplitKind;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CNN probe on the study's real pixels (the pixel-id reference store, raw:64, k = 1) under split seed 1's held-out
 * task families: prints each variant's held-out R^2 per action group. An experiment driver, not a check: it runs
 * only where the store exists, and the variants named by {@code -Dcnn.variants=a,b} (default: the defaults), with
 * {@code -Dcnn.steps} steps (default 1000). Lines also go to {@code -Dcnn.out} (default target/cnn-experiment.txt).
 */
@Tag("slow")
class CnnProbeStudyDataExperiment {
    private static final Path STORE = Path.of(System.getProperty("cnn.store",
            "/work/runs/refs/features/randomised/pixel-id/last"));
    /** Split seed 1's held-out families (one per task kind), as the study draws them. */
    private static final List<String> HELD_OUT = List.of("place_block_left_area", "push_block_right",
            "rotate_block_right", "turn_off_led");

    private static Map<String, CnnProbeConfig> variants(int steps, int[] motion) {
        CnnProbeConfig old = CnnProbeConfig.defaults().withShift(0).withDifference(false).withPool(1)
                .withEarlyStopping(EarlyStopping.NONE).withSteps(steps).withThreads(Integer.getInteger("cnn.threads",
                        1));
        Map<String, CnnProbeConfig> v = new LinkedHashMap<>();
        v.put("base64", old);
        v.put("base32", old.withPool(2));
        v.put("shift32", old.withPool(2).withShift(2));
        v.put("diff32", old.withPool(2).withDifference(true));
        v.put("shiftdiff32", old.withPool(2).withShift(2).withDifference(true));
        v.put("shiftdiff32es", old.withPool(2).withShift(2).withDifference(true)
                .withEarlyStopping(EarlyStopping.defaults()));
        v.put("shiftdiff32small", old.withPool(2).withShift(2).withDifference(true).withChannels(16, 32, 32, 64)
                .withHidden(128));
        v.put("shiftdiff32wd", old.withPool(2).withShift(2).withDifference(true).withWeightDecay(0.1));
        v.put("rev32", old.withPool(2).withReversible(motion));
        v.put("shiftrev32", old.withPool(2).withShift(2).withReversible(motion));
        v.put("diffrev32", old.withPool(2).withDifference(true).withReversible(motion));
        v.put("shiftdiffrev32", old.withPool(2).withShift(2).withDifference(true).withReversible(motion));
        v.put("shiftdiffrev32es", old.withPool(2).withShift(2).withDifference(true).withReversible(motion)
                .withEarlyStopping(EarlyStopping.defaults()));
        v.put("shiftdiffrev64", old.withShift(4).withDifference(true).withReversible(motion));
        v.put("shift64", old.withShift(4));
        v.put("shiftdiff64", old.withShift(4).withDifference(true));
        v.put("defaults", CnnProbeConfig.defaults().withSteps(steps).withReversible(motion)
                .withThreads(Integer.getInteger("cnn.threads", 1)));
        return v;
    }

    @Test
    void heldOutTaskFamilies() {
        assumeTrue(Files.isDirectory(STORE), "no study store at " + STORE);
        ProbeData data = ProbeData.load(FeatureStore.open(STORE), 1, ActionTarget.FIRST, false);
        Split split = Split.make(data.episodes(), new SplitConfig(SplitKind.TASK, 0.2, HELD_OUT, List.of(), 0, 1));
        PairSet train = data.pairsOf(split.train());
        PairSet test = data.pairsOf(split.test());
        int steps = Integer.getInteger("cnn.steps", 1000);
        int[] motion = java.util.stream.Stream.of(ActionSchema.TRANSLATION, ActionSchema.ROTATION)
                .flatMap(g -> data.schema().group(g).stream()).mapToInt(Integer::intValue).toArray();
        Map<String, CnnProbeConfig> all = variants(steps, motion);
        String wanted = System.getProperty("cnn.variants", "defaults");
        Path out = Path.of(System.getProperty("cnn.out", "target/cnn-experiment.txt"));
        log(out, String.format(Locale.ROOT, "train %d pairs, test %d pairs (held out %s)", train.size(),
                test.size(), split.heldOutTasks()));
        for (String name : wanted.split(",")) {
            CnnProbeConfig c = all.get(name.trim());
            if (c == null) {
                throw new IllegalArgumentException("no variant " + name + " (have " + all.keySet() + ")");
            }
            CnnProbe.Fitted fitted = new CnnProbe(c).fit(train, 0);
            long t0 = System.nanoTime();
            ProbeMetrics m = ProbeMetrics.of(test.targets(), fitted.predict(test), data.schema());
            double predictSeconds = (System.nanoTime() - t0) / 1e9;
            StringBuilder groups = new StringBuilder();
            m.r2PerGroup().forEach((g, r) -> groups.append(String.format(Locale.ROOT, " %s %.3f", g, r)));
            log(out, String.format(Locale.ROOT, "%-18s headline %.3f |%s | steps %d (kept %d), fit %.1f s "
                            + "(%.1f steps/s), predict %.1f s, threads %d", name, m.r2(), groups,
                    fitted.training().stepsRun(), fitted.chosenStep(), fitted.fitSeconds(),
                    fitted.training().stepsRun() / fitted.fitSeconds(), predictSeconds,
                    dev.worldlens.nn.Torch.threads()));
        }
    }

    private static void log(Path out, String line) {
        System.out.println(line);
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, line + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
