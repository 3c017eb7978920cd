package dev.worldlens.cli.policy;

import dev.worldlens.cli.ConfigFlags;
import dev.worldlens.cli.TerminalProgress;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.data.DatasetFormats;
import dev.worldlens.policy.predictor.PredictorConfig;
import dev.worldlens.policy.eval.TabletopInputs;
import dev.worldlens.policy.predictor.PredictorJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train-predictor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stage 1: train the text-guided latent video predictor (a frame autoencoder, then an EDM video "
                + "diffusion UNet over its latents, conditioned on the first frame and the instruction, each camera "
                + "its own sample). Writes sample GIFs (real, autoencoded, predicted) in RUN/samples. Resumes."})
final class PolicyTrainPredictorCommand implements Callable<Integer>, ConfigFlags {
    private static final Map<String, String> FLAGS = Map.of("autoencoderRun", "--autoencoder");

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Episodes with language windows.")
    Path data;
    @Option(names = "--size", defaultValue = "quick", description = "quick (32x32 frames, 4x4 tokens per camera), "
            + "medium (64x64, 8x8 tokens) or tiny (default: ${DEFAULT-VALUE}).")
    String size;
    @Option(names = "--steps", description = "Predictor steps (default: the size's).")
    Integer steps;
    @Option(names = "--autoencoder", paramLabel = "RUN", description = "A `worldlens pretrain --family vae` run to "
            + "use as the frame autoencoder (default: train one in RUN/autoencoder).")
    Path autoencoder;
    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run folder (resumed if it exists).")
    Path out;

    @Override
    public Integer call() {
        PredictorConfig config;
        try {
            config = PredictorConfig.ofSize(size);
        } catch (InvalidInputException bad) {
            throw bad.renamed(Map.of("size", "--size"));
        }
        if (steps != null) {
            if (steps < 1) {
                throw new InvalidInputException("--steps", "must be at least 1, got " + steps);
            }
            config = config.withSteps(steps);
        }
        if (autoencoder != null) {
            config = config.withAutoencoderRun(autoencoder.toString());
        }
        config = config.withSeed(seed);
        PredictorJob.Outcome outcome;
        try (EpisodeSource source = DatasetFormats.open(data)) {
            outcome = PredictorJob.run(config, source, TabletopInputs.instructions(), out, TerminalProgress.INSTANCE);
        }
        System.out.printf(Locale.ROOT, "wrote %s: %d predictor steps (resumed at %d), final loss %.4g; %d sample GIFs "
                        + "in %s%n", out, outcome.training().steps(), outcome.training().resumedFrom(),
                outcome.training().lastLoss(), outcome.samples().size(), out.resolve("samples"));
        return 0;
    }

    @Override
    public Map<String, String> flags() {
        return FLAGS;
    }
}
