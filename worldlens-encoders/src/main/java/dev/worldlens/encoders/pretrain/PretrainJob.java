package dev.worldlens.encoders.pretrain;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RunFolder;
import dev.worldlens.encoders.family.AuxiliaryLoss;
import dev.worldlens.encoders.family.AuxiliaryObjectives;
import dev.worldlens.encoders.family.FamilyFactory;
import dev.worldlens.encoders.family.FamilyModel;
import dev.worldlens.encoders.family.PretrainData;
import dev.worldlens.encoders.family.PretrainObjective;
import dev.worldlens.encoders.family.TrainedModelSpec;
import dev.worldlens.nn.train.Checkpoint;
import dev.worldlens.nn.train.LossCurves;
import dev.worldlens.nn.train.TrainingConfig;
import dev.worldlens.nn.train.TrainingLoop;
import dev.worldlens.core.split.EpisodeInfo;
import dev.worldlens.core.split.Split;
import dev.worldlens.core.split.SplitConfig;
import dev.worldlens.core.split.SplitKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pretrains (or fine-tunes, with +ID) a built-in family on a dataset's training episodes into a run folder:
 * config.yaml and provenance.json, model.json (how to rebuild the model), checkpoint/ (resumed from after a kill),
 * losses.csv and loss-curves.png, and feature-spread.csv (a run that collapses stops: {@link CollapseWatch}).
 * {@code worldlens encode --encoder RUN} then reads the trained encoder.
 */
public final class PretrainJob {
    private PretrainJob() {
    }

    /** Which episodes a split lets pretraining see, and the held-out names it resolved. */
    public record Selection(List<Integer> episodes, List<String> heldOut) {
    }

    /** The training side of the split (the same split the probe draws with the same kind and seed). */
    public static Selection select(EpisodeSource source, SplitKind kind, long seed) {
        SplitConfig c = SplitConfig.of(kind);
        Split split = split(source, new SplitConfig(kind, c.testFraction(), List.of(), List.of(), 0, seed));
        List<Integer> train = new ArrayList<>();
        for (int p : split.train()) {
            train.add(p);
        }
        List<String> held = new ArrayList<>(split.heldOutTasks());
        held.addAll(split.heldOutScenes());
        return new Selection(train, held);
    }

    /** The training side when the held-out task families are named: every episode that contains none of them. */
    public static Selection select(EpisodeSource source, List<String> heldOutTasks) {
        SplitConfig c = new SplitConfig(SplitKind.TASK, 0, heldOutTasks, List.of(), 0, 0);
        Split split = split(source, c);
        List<Integer> train = new ArrayList<>();
        for (int p : split.train()) {
            train.add(p);
        }
        return new Selection(train, List.copyOf(heldOutTasks));
    }

    /** The split of a source's episodes that the probe draws from its feature store with the same config. */
    public static Split split(EpisodeSource source, SplitConfig config) {
        return Split.make(episodeInfos(source), config);
    }

    /** What a split needs of every episode of a source (reads each episode's rows once). */
    public static List<EpisodeInfo> episodeInfos(EpisodeSource source) {
        List<EpisodeInfo> infos = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            Episode ep = source.episode(i);
            Set<String> families = new LinkedHashSet<>();
            for (LanguageWindow w : ep.windows()) {
                families.add(EpisodeInfo.family(w.taskId()));
            }
            infos.add(new EpisodeInfo(i, ep.index(), ep.sceneId(), families, ep.length()));
        }
        return infos;
    }

    /**
     * Runs (or resumes) the pretraining described by {@code spec} into {@code out}, with two bars: "load frames", then
     * "pretrain FAMILY" ("pretrain FAMILY +AUXILIARY" with an auxiliary objective) with the loss as its message.
     */
    public static TrainingLoop.Outcome run(PretrainSpec spec, EpisodeSource source, List<Integer> episodes, Path out,
                                           FamilyFactory factory, String dataFingerprint, Progress progress) {
        RunFolder run = RunFolder.open(out, "pretrain", spec, spec.seed());
        run.recordData(java.util.Map.of("data", dataFingerprint));
        long frames = 0;
        for (int i : episodes) {
            frames += source.episode(i).length();
        }
        PretrainData data;
        try (Progress.Bar bar = progress.start("load frames", frames, 0)) {
            data = PretrainData.load(source, episodes, spec.camera(), spec.model().imageSize(), bar);
        }
        if (!spec.auxiliary().isEmpty() && !data.hasPairs(spec.auxK())) {
            throw new InvalidInputException("auxK", "no training episode is longer than k = " + spec.auxK());
        }
        TrainedModelSpec modelSpec = new TrainedModelSpec(spec.model(), spec.seed(), spec.auxiliary(), spec.auxK(),
                data.actionDim(), spec.steps());
        try (FamilyModel model = factory.create(spec.model(), spec.seed())) {
            AuxiliaryLoss aux = spec.auxiliary().isEmpty() ? null
                    : AuxiliaryObjectives.create(spec.auxiliary(), model, data.actionDim(), spec.auxK(), spec.seed());
            if (!spec.init().isEmpty() && Checkpoint.latest(out) == null) {
                Path init = Path.of(spec.init());
                Path checkpoint = Checkpoint.latest(init);
                if (!TrainedModelSpec.isRun(init) || checkpoint == null) {
                    throw new InvalidInputException(init, "init", "not a finished pretraining run");
                }
                TrainedModelSpec initSpec = TrainedModelSpec.read(init);
                if (!initSpec.model().equals(spec.model())) {
                    throw new InvalidInputException(init, "init", "was trained with " + initSpec.model()
                            + ", this run asks for " + spec.model());
                }
                Checkpoint.loadInitial(checkpoint, model.trained(), model.extraState());
            }
            modelSpec.write(out);
            TrainingConfig training = TrainingConfig.defaults(spec.steps(), spec.learningRate(), spec.seed())
                    .withWeightDecay(spec.weightDecay());
            PretrainObjective objective = new PretrainObjective(model, data, spec.batch(), aux, spec.auxWeight(),
                    aux == null ? spec.batch() : spec.auxBatch());
            String stage = "pretrain " + spec.model().family() + (aux == null ? "" : " +" + spec.auxiliary());
            Path latest = Checkpoint.latest(out);
            CollapseWatch watch = new CollapseWatch(model, data, out, training.checkpointEvery(),
                    latest == null ? 0 : Checkpoint.completedSteps(latest));
            TrainingLoop.Outcome outcome = new TrainingLoop(training).run(objective, out, progress, stage, watch);
            LossCurves.write(out, spec.model().family() + (aux == null ? "" : " + " + aux.name() + " x "
                    + spec.auxWeight()));
            run.finish();
            return outcome;
        }
    }
}
