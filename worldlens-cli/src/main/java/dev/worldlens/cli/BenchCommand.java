package dev.worldlens.cli;

import picocli.CommandLine.Command;

/** Benchmarks of each capability; each prints its figures and, where a peer exists, the ratio against it. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure speed; figures go to BENCHMARKS.md.",
        subcommands = {SimBenchmark.class, ProbeBenchmark.class, DecodeBenchmark.class, TrainBenchmark.class, PolicyBenchmarkCommand.class})
final class BenchCommand {
}
