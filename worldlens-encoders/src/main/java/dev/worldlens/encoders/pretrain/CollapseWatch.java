package dev.worldlens.encoders.pretrain;

import dev.worldlens.core.Progress;
import dev.worldlens.encoders.family.FamilyModel;
import dev.worldlens.encoders.family.FeatureSpread;
import dev.worldlens.encoders.family.PretrainData;
import dev.worldlens.nn.train.TrainingLoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Watches a pretraining run for representational collapse: at step 0 and at every checkpoint it measures the
 * {@link FeatureSpread} of the pooled features on a fixed batch of clips, keeps it in {@code feature-spread.csv}
 * ({@code step,spread,scale,relative}, cut back to the checkpoint when a run resumes, as the loss log is), and stops
 * the run with {@link Collapsed} when the relative spread has fallen below {@link #MIN_FRACTION} of its value at the
 * start. A collapsed encoder would otherwise pass for a trained one and score about zero in every probe.
 */
public final class CollapseWatch implements TrainingLoop.AfterStep {
    public static final String FILE = "feature-spread.csv";
    /** Clips per measurement: enough for a stable per-dimension std, one forward pass of a small batch. */
    public static final int CLIPS = 64;
    /**
     * Below this fraction of the starting relative spread a run counts as collapsed: a trained encoder keeps inputs
     * apart at least as well as its random init does within a small factor; a collapsed one loses orders of magnitude.
     */
    public static final double MIN_FRACTION = 0.02;

    /** Thrown when a run collapsed; the message says where and by how much. */
    public static final class Collapsed extends IllegalStateException {
        Collapsed(String message) {
            super(message);
        }
    }

    private final FamilyModel model;
    private final PretrainData data;
    private final Path file;
    private final int checkpointEvery;
    private final FeatureSpread start;

    /** Measures the start now (call before training, with the weights the run starts from) and trims the log. */
    public CollapseWatch(FamilyModel model, PretrainData data, Path runDir, int checkpointEvery, int resumedFrom) {
        this.model = model;
        this.data = data;
        this.file = runDir.resolve(FILE);
        this.checkpointEvery = checkpointEvery;
        this.start = FeatureSpread.of(model, data, CLIPS);
        keepUpTo(resumedFrom);
        if (resumedFrom == 0) {
            append(0, start);
        }
    }

    public FeatureSpread start() {
        return start;
    }

    @Override
    public void afterStep(int completedSteps, int totalSteps, Progress.Bar bar) {
        if (completedSteps % checkpointEvery != 0 && completedSteps != totalSteps) {
            return;
        }
        FeatureSpread now = FeatureSpread.of(model, data, CLIPS);
        append(completedSteps, now);
        check(start, now, completedSteps, file);
    }

    /** Throws {@link Collapsed} when {@code now} has lost all but {@link #MIN_FRACTION} of {@code start}'s spread. */
    public static void check(FeatureSpread start, FeatureSpread now, int step, Path where) {
        if (!(now.relative() >= MIN_FRACTION * start.relative())) {
            throw new Collapsed(String.format(Locale.ROOT, "%s: the representation collapsed: after %d steps the "
                    + "pooled features vary %.3g across inputs relative to their size, against %.3g at the start "
                    + "(below %.0f%%); every input maps to about the same vector. Lower the learning rate, check the "
                    + "family's target (EMA, masking, variance terms) or pretrain for fewer steps", where, step,
                    now.relative(), start.relative(), MIN_FRACTION * 100));
        }
    }

    private void keepUpTo(int steps) {
        try {
            List<String> kept = new ArrayList<>();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith("step") || Integer.parseInt(line.split(",", 2)[0]) <= steps) {
                        kept.add(line);
                    }
                }
            }
            if (kept.isEmpty() || steps == 0) {
                kept = new ArrayList<>(List.of("step,spread,scale,relative"));
            }
            Files.write(file, kept, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file + ": " + e.getMessage(), e);
        }
    }

    private void append(int step, FeatureSpread s) {
        try {
            Files.writeString(file, String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g\n", step, s.spread(), s.scale(),
                    s.relative()), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The relative spread per logged step of a run folder (empty when the run kept none). */
    public static List<double[]> read(Path runDir) {
        Path f = runDir.resolve(FILE);
        List<double[]> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (!line.startsWith("step")) {
                    String[] c = line.split(",");
                    out.add(new double[]{Double.parseDouble(c[0]), Double.parseDouble(c[3])});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
        return out;
    }
}
