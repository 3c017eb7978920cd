package dev.worldlens.cli.policy;

import picocli.CommandLine.Command;

/** Video Prediction Policy and its baselines: train, evaluate closed loop. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Train a language-conditioned policy on frozen visual features and evaluate it on CALVIN-style "
                + "task chains in the Tabletop simulator.",
        subcommands = {PolicyTrainPredictorCommand.class, PolicyTrainCommand.class, PolicyEvalCommand.class,
                PolicyStudyCommand.class})
public final class PolicyCommand {
}
