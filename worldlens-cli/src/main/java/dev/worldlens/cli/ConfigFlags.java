package dev.worldlens.cli;

import java.util.Map;

/**
 * A command whose options reach library code that checks them: library errors name the config field they check
 * ({@code split.testTasks}, {@code auxK}, {@code episodesPerFile}), so that a study configured from YAML names its own
 * fields; this says which of the command's flags sets each of those fields. When such a command fails with an
 * {@link dev.worldlens.core.InvalidInputException}, {@link WorldLens}'s error handler renames the field to the flag,
 * so the message names what the user typed. Only fields that differ from their flag's name need saying: an option
 * {@code --foo-bar} already stands for a field {@code fooBar}.
 */
public interface ConfigFlags {

    /** Config field, as library errors name it, to the flag of this command that sets it. */
    Map<String, String> flags();
}
