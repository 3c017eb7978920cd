package dev.worldlens.nn.train;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.nn.Adam;
import dev.worldlens.nn.Parameters;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A training checkpoint: a folder {@code checkpoint/} holding the completed step count ({@code step.txt}), the
 * trained weights ({@code trained.bin}), the optimizer's moments ({@code adam.bin}) and any extra state such as an
 * EMA teacher ({@code NAME.bin}). It is written whole into {@code checkpoint.tmp/} and swapped in by renames, so a
 * kill at any moment leaves either the previous checkpoint or the new one, never a mix.
 */
public final class Checkpoint {
    public static final String FOLDER = "checkpoint";
    static final String STEP = "step.txt";
    static final String TRAINED = "trained.bin";
    static final String ADAM = "adam.bin";

    private Checkpoint() {
    }

    /** Writes a checkpoint after {@code completedSteps} steps into {@code runDir}. */
    public static void save(Path runDir, int completedSteps, Parameters trained, Map<String, Parameters> extra,
                            Adam adam) {
        Path tmp = runDir.resolve(FOLDER + ".tmp");
        Path target = runDir.resolve(FOLDER);
        Path old = runDir.resolve(FOLDER + ".old");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            write(tmp.resolve(TRAINED), trained::save);
            for (Map.Entry<String, Parameters> e : extra.entrySet()) {
                write(tmp.resolve(e.getKey() + ".bin"), e.getValue()::save);
            }
            if (adam != null) {
                write(tmp.resolve(ADAM), adam::saveState);
            }
            // the step file last: a folder without it is never taken for a checkpoint
            Files.writeString(tmp.resolve(STEP), Integer.toString(completedSteps), StandardCharsets.UTF_8);
            deleteTree(old);
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint in " + runDir + ": " + e.getMessage(), e);
        }
    }

    /** The folder of the latest complete checkpoint in {@code runDir}, or null when there is none. */
    public static Path latest(Path runDir) {
        for (String name : new String[]{FOLDER, FOLDER + ".old"}) {
            Path dir = runDir.resolve(name);
            if (Files.isRegularFile(dir.resolve(STEP))) {
                return dir;
            }
        }
        return null;
    }

    /** Steps completed when the checkpoint in {@code dir} was written. */
    public static int completedSteps(Path dir) {
        Path file = dir.resolve(STEP);
        try {
            return Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException | NumberFormatException e) {
            throw new InvalidInputException(file, "step", "expected the number of completed steps: " + e.getMessage());
        }
    }

    /** Loads weights (and, when given, optimizer state) from a checkpoint folder; returns the completed steps. */
    public static int load(Path dir, Parameters trained, Map<String, Parameters> extra, Adam adam) {
        int steps = completedSteps(dir);
        read(dir.resolve(TRAINED), trained::load);
        for (Map.Entry<String, Parameters> e : extra.entrySet()) {
            read(dir.resolve(e.getKey() + ".bin"), e.getValue()::load);
        }
        if (adam != null) {
            read(dir.resolve(ADAM), adam::loadState);
        }
        return steps;
    }

    /**
     * Starts a new run from another run's weights (fine-tuning): the trained weights the checkpoint has are loaded,
     * weights it lacks (a new auxiliary head) keep their initial values; extra state must match exactly. The
     * optimizer starts fresh.
     */
    public static void loadInitial(Path dir, Parameters trained, Map<String, Parameters> extra) {
        read(dir.resolve(TRAINED), (in, source) -> trained.load(in, source, true));
        for (Map.Entry<String, Parameters> e : extra.entrySet()) {
            read(dir.resolve(e.getKey() + ".bin"), e.getValue()::load);
        }
    }

    /** Loads only the trained weights (for inference from a finished run). */
    public static void loadWeights(Path dir, Parameters trained) {
        read(dir.resolve(TRAINED), trained::load);
    }

    private interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    private interface StreamReader {
        void read(InputStream in, String source) throws IOException;
    }

    private static void write(Path file, StreamWriter writer) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            writer.write(out);
        }
    }

    private static void read(Path file, StreamReader reader) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, "checkpoint", "file missing from the checkpoint");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            reader.read(in, file.toString());
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(file, "checkpoint", "truncated (ends before all values were read)");
        } catch (IOException e) {
            throw new InvalidInputException(file, "checkpoint", e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
