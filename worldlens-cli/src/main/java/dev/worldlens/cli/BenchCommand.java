package dev.worldlens.cli;

import picocli.CommandLine.Command;

/** Benchmarks of each capability; each prints its figures and, where a peer exists, the ratio against it. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure speed; figures go to BENCHMARKS.md.",
        subcommands = {SimBenchCommand.class, ProbeBenchCommand.class, DecodeBenchCommand.class,
                TrainBenchCommand.class, PolicyBenchCommand.class, VideoDatasetBenchCommand.class})
final class BenchCommand {
}
