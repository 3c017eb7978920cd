package dev.worldlens.cli;
import dev.worldlens.core.Dataset;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.encoders.family.AuxiliaryObjectives;
import dev.worldlens.encoders.family.Families;
import dev.worldlens.encoders.family.FamilyConfig;
import dev.worldlens.encoders.pretrain.PretrainRun;
import dev.worldlens.nn.train.TrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pretrain a built-in encoder family on a dataset's training episodes (held-out task families "
                + "never seen), optionally with the +ID auxiliary loss, or fine-tune a finished run with --init. "
                + "Shows progress, checkpoints about every 100 steps and resumes after an interruption; writes "
                + "losses.csv and loss-curves.png. Then: worldlens encode --encoder RUN."})
final class PretrainCommand implements Callable<Integer>, ConfigFlags {
    private static final Map<String, String> FLAGS = Map.of("auxK", "--id-k");

    @Option(names = "--family", required = true, description = "One of: vjepa, videomae, diffusion, image-ssl, vae, "
            + "shortcut.")
    String family;
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "A dataset folder (any supported "
            + "format).")
    Path data;
    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run folder (resumed if it exists).")
    Path out;
    @Option(names = "--steps", description = "Optimizer steps (default: the family's, sized for ~10 min on 2 cores).")
    Integer steps;
    @Option(names = "--batch", description = "Samples per step (default: the family's).")
    Integer batch;
    @Option(names = "--lr", description = "Peak learning rate (default: the family's).")
    Double lr;
    @Option(names = "--weight-decay", defaultValue = "0.05", description = "AdamW weight decay (default: "
            + "${DEFAULT-VALUE}).")
    double weightDecay;
    @Option(names = "--image-size", description = "Input side in pixels (default: the family's, 64).")
    Integer imageSize;
    @Option(names = "--width", description = "Token width of the encoder (default: the family's).")
    Integer width;
    @Option(names = "--depth", description = "Encoder blocks (default: the family's).")
    Integer depth;
    @Option(names = "--heads", description = "Attention heads; must divide the width (default: the family's).")
    Integer heads;
    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A family option, e.g. maskRatio=0.9 "
            + "(repeatable).")
    Map<String, String> options = new LinkedHashMap<>();
    @Option(names = "--id-weight", defaultValue = "0", description = "Lambda of the auxiliary loss; > 0 turns on "
            + "+ID (default: ${DEFAULT-VALUE}, off).")
    double idWeight;
    @Option(names = "--id-loss", defaultValue = "l1", description = "l1 (the study's +ID) or l2 (default: "
            + "${DEFAULT-VALUE}).")
    String idLoss;
    @Option(names = "--aux", description = "Use an ablation objective instead of ID: single-frame, forward, "
            + "contrastive.")
    String aux;
    @Option(names = "--id-k", defaultValue = "1", description = "Frame gap of the auxiliary transitions (default: "
            + "${DEFAULT-VALUE}).")
    int idK;
    @Option(names = "--id-batch", defaultValue = "32", description = "Transitions per step for the auxiliary loss "
            + "(default: ${DEFAULT-VALUE}).")
    int idBatch;
    @Option(names = "--init", paramLabel = "RUN", description = "Start from this finished run's weights (+ID "
            + "fine-tuning of a pretrained encoder).")
    Path init;
    @Option(names = "--split", defaultValue = "task", description = "task, scene or episode: only its training side "
            + "is used (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--split-seed", defaultValue = "0", description = "Seed of the split; keep it equal to the "
            + "probe's (default: ${DEFAULT-VALUE}).")
    long splitSeed;
    @Option(names = "--camera", defaultValue = "top", description = "Camera (default: ${DEFAULT-VALUE}).")
    String camera;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of weights and batches (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        atLeastOne("--image-size", imageSize);
        atLeastOne("--width", width);
        atLeastOne("--depth", depth);
        atLeastOne("--heads", heads);
        FamilyConfig defaults = Families.defaults(family);
        FamilyConfig model = defaults.withSize(imageSize != null ? imageSize : defaults.imageSize(),
                width != null ? width : defaults.width(), depth != null ? depth : defaults.depth(),
                heads != null ? heads : defaults.heads()).withOptions(options);
        if (model.width() % model.heads() != 0) {
            throw new InvalidInputException("--heads", model.heads() + " heads do not divide the width "
                    + model.width() + "; pass --heads");
        }
        int nSteps = steps != null ? steps : model.option("steps", 1000);
        int nBatch = batch != null ? batch : model.option("batch", 32);
        double rate = lr != null ? lr : model.option("lr", 1e-3);
        String auxiliary = auxiliary();
        TrainingLoop.Outcome outcome;
        try (Dataset dataset = DatasetFormats.openDataset(data)) {
            PretrainRun.Request request = PretrainRun.Request.builder().setModel(model).setData(dataset)
                    .optCamera(camera).setSteps(nSteps).setBatch(nBatch).setLearningRate(rate)
                    .optWeightDecay(weightDecay).optSeed(seed).optAuxiliary(auxiliary).optAuxWeight(idWeight)
                    .optAuxK(idK).optAuxBatch(idBatch).optInit(init).optSplit(split).optSplitSeed(splitSeed).build();
            outcome = PretrainRun.run(request, out, options.containsKey("actionDim"), TerminalProgress.INSTANCE);
        }
        if (outcome.resumedFrom() >= outcome.steps()) {
            // nothing ran: there is no loss or speed of this run to print
            System.out.printf(java.util.Locale.ROOT, "%s is already finished: %s, %d steps (resumed at %d); loss "
                    + "curves in %s%n", out, family, outcome.steps(), outcome.resumedFrom(),
                    out.resolve("loss-curves.png"));
            return 0;
        }
        System.out.printf(java.util.Locale.ROOT, "wrote %s: %s, %d steps (resumed at %d), final loss %.4g, "
                        + "%.1f frames/s, %d updates skipped for non-finite gradients; loss curves in %s%n", out, family,
                outcome.steps(), outcome.resumedFrom(), outcome.lastLoss(), outcome.framesPerSecond(),
                outcome.skippedSteps(), out.resolve("loss-curves.png"));
        return 0;
    }

    private String auxiliary() {
        if (aux != null) {
            if (!AuxiliaryObjectives.NAMES.contains(aux)) {
                throw new InvalidInputException("--aux", "unknown objective '" + aux + "'; choose one of "
                        + AuxiliaryObjectives.NAMES);
            }
            if (idWeight <= 0) {
                throw new InvalidInputException("--id-weight", "an auxiliary objective needs a weight > 0");
            }
            return aux;
        }
        if (idWeight <= 0) {
            return "";
        }
        return switch (idLoss) {
            case "l1" -> "id-l1";
            case "l2" -> "id-l2";
            default -> throw new InvalidInputException("--id-loss", "expected l1 or l2, got '" + idLoss + "'");
        };
    }

    @Override
    public Map<String, String> flags() {
        return FLAGS;
    }

    /** An optional size, when given, is a positive count. */
    private static void atLeastOne(String flag, Integer value) {
        if (value != null && value < 1) {
            throw new InvalidInputException(flag, "must be at least 1, got " + value);
        }
    }
}
