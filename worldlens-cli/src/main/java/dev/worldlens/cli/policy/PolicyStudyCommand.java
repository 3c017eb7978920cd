package dev.worldlens.cli.policy;
import dev.worldlens.cli.TerminalProgress;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.policy.study.PolicyStudy;
import dev.worldlens.policy.study.PolicyStudyConfig;
import dev.worldlens.policy.study.PolicyStudyResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "study", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"VPP against its baselines end to end on the built-in simulator: the play dataset (scenes "
                + "A-C), the video predictor, the baseline encoders, the same action head on every kind of features, "
                + "then CALVIN-style chains in scene D next to the scripted expert and a random policy. Writes "
                + "results.md and results.json. Run again after an interruption to resume."})
final class PolicyStudyCommand implements Callable<Integer> {
    /** The config's own fields keep their YAML names: a preset is YAML too. */

    @Option(names = "--preset", defaultValue = "quick", description = "smoke (CI, about a minute), quick (under "
            + "an hour on 2 cores) or medium (64 px, the medium predictor: hours) (default: ${DEFAULT-VALUE}).")
    String preset;
    @Option(names = "--config", paramLabel = "FILE.yaml", description = "A config of the presets' shape (see "
            + "worldlens-policy/src/main/resources/policy-study/); replaces --preset.")
    Path configFile;
    @Option(names = "--out", paramLabel = "DIR", description = "Study folder (default: runs/policy-study-PRESET).")
    Path out;

    @Override
    public Integer call() {
        PolicyStudyConfig config = configFile != null ? PolicyStudyConfig.read(configFile)
                : PolicyStudyConfig.preset(preset);
        Path root = out != null ? out : Path.of("runs", "policy-study-" + config.preset());
        if (root.toFile().isFile()) {
            throw new InvalidInputException(root, "--out", "is a file; expected a study folder");
        }
        PolicyStudyResults results = PolicyStudy.run(config, root, TerminalProgress.INSTANCE);
        System.out.print(results.toMarkdown());
        System.out.printf(Locale.ROOT, "policy study %s: %.0f s; results in %s%n", config.preset(), results.seconds(),
                root.resolve("results.md"));
        return 0;
    }

}
