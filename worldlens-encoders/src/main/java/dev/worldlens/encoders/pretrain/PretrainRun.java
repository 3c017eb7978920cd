package dev.worldlens.encoders.pretrain;

import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.Fingerprint;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RunFolder;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.encoders.family.Families;
import dev.worldlens.encoders.family.FamilyConfig;
import dev.worldlens.nn.train.TrainingLoop;
import dev.worldlens.core.split.SplitKind;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Pretrains (or fine-tunes) a family on a dataset's training side with {@link PretrainJob}'s progress bars; used by
 * {@code pretrain} and by the study, so both resolve the split, the data-sized options and the run folder the same way.
 */
public final class PretrainRun {
    /** What to train; the split is resolved from the data, {@code init} is null for a fresh run. */
    public record Request(FamilyConfig model, Path data, String camera, int steps, int batch, double learningRate,
                          double weightDecay, long seed, String auxiliary, double auxWeight, int auxK, int auxBatch,
                          Path init, String split, long splitSeed) {
    }

    private PretrainRun() {
    }

    public static TrainingLoop.Outcome run(Request r, Path out, boolean explicitActionDim, Progress progress) {
        FamilyConfig model = r.model();
        try (EpisodeSource source = DatasetFormats.open(r.data())) {
            if (model.options().containsKey("actionDim") && !explicitActionDim && source.size() > 0) {
                // a family that feeds actions to a dynamics model sizes its action input from the data
                model = model.withOptions(Map.of("actionDim",
                        Integer.toString(source.episode(0).actionSchema().dim())));
            }
            PretrainJob.Selection selection = PretrainJob.select(source, SplitKind.parse(r.split()), r.splitSeed());
            boolean aux = !r.auxiliary().isEmpty();
            PretrainSpec spec = new PretrainSpec(model, r.data().toString(), r.camera(), r.steps(), r.batch(),
                    r.learningRate(), r.weightDecay(), r.seed(), r.auxiliary(), aux ? r.auxWeight() : 0, r.auxK(),
                    aux ? r.auxBatch() : 0, r.init() == null ? "" : r.init().toString(), r.split(), r.splitSeed(),
                    selection.heldOut());
            String fingerprint = Fingerprint.ofPath(r.data(), List.of(RunFolder.CONFIG, RunFolder.PROVENANCE));
            String family = model.family();
            System.err.printf("pretrain %s on %d training episodes of %s (held out: %s)%s%n", family,
                    selection.episodes().size(), r.data(), selection.heldOut(),
                    aux ? ", + " + r.auxiliary() + " x " + r.auxWeight() : "");
            return PretrainJob.run(spec, source, selection.episodes(), out, Families::create, fingerprint, progress);
        }
    }
}
