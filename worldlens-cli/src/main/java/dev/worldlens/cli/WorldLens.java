package dev.worldlens.cli;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** The {@code worldlens} command: the only place where the modules are wired together. */
@Command(name = "worldlens", mixinStandardHelpOptions = true, versionProvider = WorldLens.Version.class,
        description = {"Measure which visual representations carry action-relevant structure, and turn predictive "
                + "representations into robot policies. Runs offline on the built-in Tabletop simulator and on "
                + "LeRobot datasets."},
        subcommands = {SimCommand.class, DataCommand.class, EncodeCommand.class, PretrainCommand.class, ProbeCommand.class, dev.worldlens.cli.study.StudyCommand.class, dev.worldlens.cli.policy.PolicyCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class WorldLens {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; bad input is one message on stderr, never a stack trace. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new WorldLens());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex;
            if (t instanceof InvalidInputException bad) {
                // a library names the config field it checked; the user typed the flag that set it
                t = bad.renamed(flags(cmd));
            }
            if (t instanceof InvalidInputException || t instanceof UncheckedIOException
                    || t instanceof IllegalArgumentException) {
                cmd.getErr().println("worldlens: error: " + t.getMessage());
                return 2;
            }
            cmd.getErr().println("worldlens: failed: " + t);
            t.printStackTrace(cmd.getErr());
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * Config fields, as library errors name them, to the command's flags: an option {@code --foo-bar} sets the field
     * {@code fooBar}, unless the command says otherwise ({@link ConfigFlags}).
     */
    static Map<String, String> flags(CommandLine cmd) {
        Map<String, String> out = new HashMap<>();
        for (CommandLine.Model.OptionSpec option : cmd.getCommandSpec().options()) {
            for (String name : option.names()) {
                if (name.startsWith("--")) {
                    out.putIfAbsent(camelCase(name.substring(2)), name);
                }
            }
        }
        if (cmd.getCommand() instanceof ConfigFlags command) {
            out.putAll(command.flags());
        }
        return out;
    }

    private static String camelCase(String kebab) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"worldlens " + Versions.worldlens(), "libraries " + Versions.all()};
        }
    }
}
