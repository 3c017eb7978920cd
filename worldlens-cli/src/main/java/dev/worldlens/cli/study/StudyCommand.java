package dev.worldlens.cli.study;
import dev.worldlens.cli.TerminalProgress;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.probe.FamilyRanking;
import dev.worldlens.study.Study;
import dev.worldlens.study.StudyConfig;
import dev.worldlens.study.StudyResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "study", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the probing study end to end on the built-in simulator: datasets, the reference rows "
                + "(state, raw, random-vit, the motion and pixel-id ceilings), pretrained families beside their "
                + "untrained twins, +ID fine-tunes, probes on two task splits, the per-layer and probe-budget curves "
                + "(and in the full preset the static setting, visual fidelity and the corruption sweep); writes "
                + "results.json and a self-contained report.html. Run again after an interruption to resume: "
                + "finished stages are reused."})
public final class StudyCommand implements Callable<Integer> {
    /** The config's own fields keep their YAML names: a preset is YAML too. */

    @Option(names = "--preset", defaultValue = "quick", description = "smoke (CI, a few minutes), quick (about 30 "
            + "minutes on 2 cores) or full (meant for under 3 hours) (default: ${DEFAULT-VALUE}).")
    String preset;
    @Option(names = "--config", paramLabel = "FILE.yaml", description = "A study config of the presets' shape "
            + "(see worldlens-study/src/main/resources/study/); replaces --preset.")
    Path configFile;
    @Option(names = "--out", paramLabel = "DIR", description = "Study folder (default: runs/study-PRESET).")
    Path out;

    @Override
    public Integer call() {
        StudyConfig config = configFile != null ? StudyConfig.read(configFile) : StudyConfig.preset(preset);
        Path root = out != null ? out : Path.of("runs", "study-" + config.preset());
        if (root.toFile().isFile()) {
            throw new InvalidInputException(root, "--out", "is a file; expected a study folder");
        }
        StudyResults r = Study.run(config, root, TerminalProgress.INSTANCE);
        System.out.printf(Locale.ROOT, "study %s: %d encoders, %d probe results, %.0f s; report %s%n",
                config.preset(), r.main().stream().map(StudyResults.MainRow::encoder).distinct().count(),
                r.main().size(), r.seconds(), root.resolve("report.html"));
        for (FamilyRanking ranking : r.ranking()) {
            System.out.println(ranking.summaryLine());
        }
        return 0;
    }

}
