package dev.worldlens.study;

import dev.worldlens.core.Dataset;
import dev.worldlens.core.Progress;
import dev.worldlens.encoders.pretrain.PretrainRun;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.encoders.BuiltinEncoders;
import dev.worldlens.encoders.family.Families;
import dev.worldlens.encoders.family.FamilyModel;
import dev.worldlens.encoders.family.FamilyConfig;
import dev.worldlens.encoders.family.TrainedModelSpec;
import dev.worldlens.nn.train.Checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The study's encoders: the reference rows, every family pretrained on the randomised dataset's episodes that contain
 * no held-out task family (of any split seed) with its untrained twin, and the +ID fine-tunes started from those
 * runs. A run that already holds its final checkpoint is reused without loading its frames again.
 */
final class StudyPretraining {
    private static final double WEIGHT_DECAY = 0.05;

    private StudyPretraining() {
    }

    /** Every encoder, pretraining what is not finished; {@code heldOut}: the task families no pretraining sees. */
    static List<StudyEncoder> encoders(StudyConfig config, StudyLayout layout, Dataset data, List<String> heldOut,
                                       Progress progress) {
        checkSizes(config);
        List<StudyEncoder> out = new ArrayList<>();
        for (String b : config.baselines()) {
            out.add(reference(b, config.data().cameraSize()));
        }
        for (StudyConfig.Family f : config.families()) {
            FamilyConfig model = model(config, f);
            Path run = layout.pretraining(f.family());
            int steps = f.steps() != null ? f.steps() : model.option("steps", 1000);
            int batch = batch(f, model);
            if (!finished(run, steps)) {
                PretrainRun.Request request = PretrainRun.Request.builder().setModel(model).setData(data)
                        .optCamera(config.data().camera()).setSteps(steps).setBatch(batch)
                        .setLearningRate(model.option("lr", 1e-3)).optWeightDecay(WEIGHT_DECAY).optSeed(config.seed())
                        .optHeldOutTasks(heldOut).build();
                PretrainRun.run(request, run, false, progress);
            }
            out.add(new StudyEncoder(f.family(), run.toString(), f.family(), StudyEncoder.FROZEN));
            if (config.twins()) {
                out.add(new StudyEncoder(f.family() + StudyEncoder.UNTRAINED_SUFFIX,
                        BuiltinEncoders.UNTRAINED + run, f.family(), StudyEncoder.UNTRAINED));
            }
        }
        StudyConfig.Id id = config.id();
        for (String family : id.families()) {
            StudyConfig.Family f = config.families().stream().filter(x -> x.family().equals(family)).findFirst()
                    .orElseThrow();
            out.add(fineTune(config, layout, data, f, heldOut, true, progress));
            if (id.control()) {
                out.add(fineTune(config, layout, data, f, heldOut, false, progress));
            }
        }
        return out;
    }

    /**
     * A reference row. motion: the global motion of the last 4 frame pairs plus 16x16 pixels, so that a probe at
     * k <= 4 finds every step's motion in the later frame's features; pixel-id: the full-resolution frames, read by
     * the CNN probe alone (trained end to end on the training pairs, the learned ceiling).
     */
    static StudyEncoder reference(String name, int cameraSize) {
        return switch (name) {
            case "motion" -> new StudyEncoder(name, "motion:4", name, StudyEncoder.FROZEN);
            case "pixel-id" -> new StudyEncoder(name, "raw:" + cameraSize, name, StudyEncoder.FROZEN,
                    List.of("cnn"));
            default -> new StudyEncoder(name, name, name, StudyEncoder.FROZEN);
        };
    }

    /** +ID from the family's pretrained run, or (withId false) the same steps without the head: the control. */
    private static StudyEncoder fineTune(StudyConfig config, StudyLayout layout, Dataset data, StudyConfig.Family f,
                                         List<String> heldOut, boolean withId, Progress progress) {
        StudyConfig.Id id = config.id();
        FamilyConfig model = model(config, f);
        String key = f.family() + (withId ? StudyEncoder.ID_SUFFIX : StudyEncoder.CONTROL_SUFFIX);
        Path run = layout.pretraining(key);
        if (!finished(run, id.steps())) {
            PretrainRun.Request request = PretrainRun.Request.builder().setModel(model).setData(data)
                    .optCamera(config.data().camera()).setSteps(id.steps()).setBatch(batch(f, model))
                    .setLearningRate(id.lr()).optWeightDecay(WEIGHT_DECAY).optSeed(config.seed())
                    .optAuxiliary(withId ? "id-l1" : "").optAuxWeight(id.weight()).optAuxK(1).optAuxBatch(id.batch())
                    .optInit(layout.pretraining(f.family())).optHeldOutTasks(heldOut).build();
            PretrainRun.run(request, run, false, progress);
        }
        return new StudyEncoder(key, run.toString(), f.family(), withId ? StudyEncoder.ID : StudyEncoder.CONTROL);
    }

    /** Builds every family once before any training, so that a size it refuses stops the study at once. */
    private static void checkSizes(StudyConfig config) {
        for (int i = 0; i < config.families().size(); i++) {
            StudyConfig.Family f = config.families().get(i);
            try (FamilyModel ignored = Families.create(model(config, f), config.seed())) {
                // built and released: the sizes are consistent
            } catch (InvalidInputException e) {
                throw e.renamed(Map.of("family", "families[" + i + "].family"));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("study config", "families." + f.family(), e.getMessage());
            }
        }
    }

    private static FamilyConfig model(StudyConfig config, StudyConfig.Family f) {
        FamilyConfig d = Families.defaults(f.family());
        FamilyConfig model = d.withSize(config.data().cameraSize(), f.width() != null ? f.width() : d.width(),
                f.depth() != null ? f.depth() : d.depth(), f.heads() != null ? f.heads() : d.heads());
        return f.options() == null ? model : model.withOptions(Map.copyOf(f.options()));
    }

    private static int batch(StudyConfig.Family f, FamilyConfig model) {
        return f.batch() != null ? f.batch() : model.option("batch", 32);
    }

    private static boolean finished(Path run, int steps) {
        Path latest = Checkpoint.latest(run);
        return latest != null && TrainedModelSpec.isRun(run) && Checkpoint.completedSteps(latest) == steps;
    }
}
