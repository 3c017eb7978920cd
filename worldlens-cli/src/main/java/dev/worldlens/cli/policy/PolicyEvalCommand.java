package dev.worldlens.cli.policy;

import dev.worldlens.cli.TerminalProgress;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.policy.Policy;
import dev.worldlens.policy.eval.ChainConfig;
import dev.worldlens.policy.eval.ChainEvaluator;
import dev.worldlens.policy.eval.ChainResult;
import dev.worldlens.policy.eval.NamedPolicy;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Closed-loop evaluation as CALVIN's: chains of 5 language tasks in a scene the policy was not "
                + "trained on, each chunk executed before re-planning, success judged by the task oracles; success "
                + "rates for 1..5 tasks in a row, the average length, GIFs of the first rollouts."})
final class PolicyEvalCommand implements Callable<Integer> {

    @Option(names = "--policy", required = true, paramLabel = "RUN", description = "A `worldlens policy train` run, "
            + "or expert (the scripted expert: the ceiling), expert-chunk (the expert planning 10-action chunks open "
            + "loop), random, or nearest:DATA (the training-free nearest-neighbour "
            + "reference: the chunk of the dataset's language-window frame nearest in state), mlp:DATA (an MLP chunk "
            + "regressor fitted on the dataset's state) or mlp-frame:DATA (the same over the task frame).")
    String policy;
    @Option(names = "--chains", defaultValue = "1000", description = "Chains (default: ${DEFAULT-VALUE}).")
    int chains;
    @Option(names = "--scene", defaultValue = "D", description = "Scene (default: ${DEFAULT-VALUE}).")
    String scene;
    @Option(names = "--setting", defaultValue = "static", description = "static or randomised (default: "
            + "${DEFAULT-VALUE}).")
    String setting;
    @Option(names = "--execute", defaultValue = "0", description = "Actions of each chunk executed before "
            + "re-planning, 0 for the whole chunk (default: ${DEFAULT-VALUE}).")
    int execute;
    @Option(names = "--gifs", defaultValue = "3", description = "Rollouts written as GIFs (default: ${DEFAULT-VALUE}).")
    int gifs;
    @Option(names = "--phrasing", defaultValue = "0", description = "Which of each task's three phrasings is the "
            + "instruction: 0..2 (CALVIN's one fixed annotation per task), or -1 to draw one per task (default: "
            + "${DEFAULT-VALUE}); evaluate a phrasing left out by `policy train --hold-out-phrasing K` with K.")
    int phrasing;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the chains (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for results and GIFs.")
    Path out;

    @Override
    public Integer call() {
        if (chains < 1 || gifs < 0 || execute < 0) {
            throw new InvalidInputException(chains < 1 ? "--chains" : gifs < 0 ? "--gifs" : "--execute",
                    "expected --chains of at least 1 and --gifs and --execute of 0 or more; got " + chains + ", "
                            + gifs + ", " + execute);
        }
        if (phrasing < -1 || phrasing > 2) {
            throw new InvalidInputException("--phrasing", "expected -1 (drawn per task) or 0..2, got " + phrasing);
        }
        ChainConfig config = ChainConfig.defaults().withChains(chains).withScene(Scene.parse(scene),
                Setting.parse(setting)).withExecuteSteps(execute).withGifs(gifs).withSeed(seed)
                .withPhrasing(phrasing);
        String name = !policy.contains("/") ? policy : Path.of(policy).getFileName()
                .toString();
        ChainResult result;
        try (Policy p = NamedPolicy.open(policy)) {
            result = ChainEvaluator.evaluate(p, name, config, out, TerminalProgress.INSTANCE);
        }
        result.write(out);
        System.out.print(result.toMarkdown());
        return 0;
    }

}
