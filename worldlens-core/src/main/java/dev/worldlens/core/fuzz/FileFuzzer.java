package dev.worldlens.core.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Runs a reader on seeded mutants of one file ({@link ByteMutator}), restoring the file afterwards, and lists what
 * went wrong: a throwable the reader is not allowed to throw, or no answer within the time bound (the reader then
 * runs on in a thread of its own, abandoned).
 */
public final class FileFuzzer {
    /** What reads the (damaged) file. */
    @FunctionalInterface
    public interface Read {
        void run(Path file) throws Exception;
    }

    private FileFuzzer() {
    }

    /**
     * @param allowed which throwables are the reader's own, well-formed errors
     * @return one line per finding, "file #mutant: what happened"
     */
    public static List<String> run(Path file, int mutants, long seed, long boundSeconds, Predicate<Throwable> allowed,
                                   Read read) throws Exception {
        byte[] original = Files.readAllBytes(file);
        ByteMutator mutator = new ByteMutator(seed ^ file.getFileName().toString().hashCode());
        List<String> findings = new ArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < mutants; i++) {
                Files.write(file, mutator.mutate(original));
                Future<?> f = pool.submit(() -> {
                    read.run(file);
                    return null;
                });
                try {
                    f.get(boundSeconds, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    findings.add(file.getFileName() + " #" + i + ": no answer in " + boundSeconds + " s");
                    pool.shutdownNow();
                    pool = Executors.newSingleThreadExecutor();
                } catch (ExecutionException e) {
                    if (!allowed.test(e.getCause())) {
                        findings.add(file.getFileName() + " #" + i + ": " + e.getCause());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            Files.write(file, original);
        }
        return findings;
    }
}
