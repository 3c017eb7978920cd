package dev.worldlens.policy;

import dev.worldlens.nn.ConstantPool;
import dev.worldlens.policy.vpp.VppConfig;
import dev.worldlens.sim.Task;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The policy models know no simulator: only closed-loop evaluation ({@code policy.eval}) and the policy study
 * ({@code policy.study}, which generates the Tabletop data and evaluates in it) use {@code dev.worldlens.sim}; the
 * configs, encoders, head, features and training take the task vocabulary, camera names, state size and action
 * schema as data. Checked on the compiled classes (a reference to a sim type is in the constant pool of every class
 * that uses it, imported or written out in full) and on the sources (which also show the sim's compile-time
 * constants, inlined into the class files without a reference).
 */
class SimulatorOnlyInEvaluationTest {
    private static final String SIM = "dev/worldlens/sim/";
    private static final List<String> ALLOWED = List.of("dev/worldlens/policy/eval/", "dev/worldlens/policy/study/");
    private static final Pattern SIM_TYPE = Pattern.compile("dev/worldlens/sim/[\\w/$]+");

    @Test
    void theCheckFindsAReferenceToTheSimulator() throws IOException {
        assertEquals(Set.of("dev/worldlens/sim/Task"), simReferences(ConstantPool.of(UsesTheSimulator.class)));
        assertEquals(Set.of(), simReferences(ConstantPool.of(VppConfig.class)));
    }

    @Test
    void noPolicyClassOutsideEvaluationAndTheStudyReferencesTheSimulator() throws IOException {
        Path classes = mainClasses();
        Set<String> offenders = new TreeSet<>();
        Set<String> scanned = new TreeSet<>();
        Set<String> allowedUsers = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String cls = classes.relativize(f).toString().replace(File.separatorChar, '/');
                scanned.add(cls);
                Set<String> refs = simReferences(ConstantPool.read(Files.readAllBytes(f)));
                if (refs.isEmpty()) {
                    continue;
                }
                if (allowed(cls)) {
                    allowedUsers.add(cls);
                } else {
                    offenders.add(cls + " -> " + refs);
                }
            }
        }
        for (String cls : List.of("vpp/VppConfig", "predictor/PredictorJob", "language/WordEmbeddingInstructions",
                "train/PolicyTrainer", "eval/ChainEvaluator")) {
            assertTrue(scanned.contains("dev/worldlens/policy/" + cls + ".class"), "not scanned: " + cls + " (of "
                    + scanned.size() + " classes in " + classes + ")");
        }
        // the scan sees the references that are allowed, so it would see the others
        assertTrue(allowedUsers.contains("dev/worldlens/policy/eval/ChainEvaluator.class"), allowedUsers.toString());
        assertEquals(Set.of(), offenders, "only policy.eval and policy.study may use dev.worldlens.sim; pass the "
                + "simulator's values in as data (see policy.eval.TabletopInputs)");
    }

    @Test
    void noPolicySourceOutsideEvaluationAndTheStudyNamesTheSimulator() throws IOException {
        Path sources = mainClasses().getParent().getParent().resolve("src/main/java");
        assertTrue(Files.isDirectory(sources), "no sources at " + sources);
        Set<String> offenders = new TreeSet<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String file = sources.relativize(f).toString().replace(File.separatorChar, '/');
                scanned++;
                if (!allowed(file) && Files.readString(f).contains("dev.worldlens.sim")) {
                    offenders.add(file);
                }
            }
        }
        assertTrue(scanned > 50, "only " + scanned + " sources in " + sources);
        assertEquals(Set.of(), offenders, "only policy.eval and policy.study may use dev.worldlens.sim");
    }

    private static boolean allowed(String path) {
        return ALLOWED.stream().anyMatch(path::startsWith);
    }

    /** The folder of worldlens-policy's compiled main classes. */
    private static Path mainClasses() {
        try {
            Path p = Path.of(VppConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertTrue(Files.isDirectory(p), "the policy classes are not a folder: " + p);
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sim types a class file names: in its constant pool's strings, which hold the names of the classes it uses
     * and the descriptors and signatures of the fields and methods it declares or calls.
     */
    static Set<String> simReferences(ConstantPool pool) {
        Set<String> refs = new TreeSet<>();
        for (String s : pool.strings()) {
            Matcher m = SIM_TYPE.matcher(s);
            while (m.find()) {
                refs.add(m.group());
            }
        }
        return refs;
    }

    /** What the check must catch. */
    static final class UsesTheSimulator {
        static int phrasings() {
            return Task.vocabulary().size();
        }
    }
}
