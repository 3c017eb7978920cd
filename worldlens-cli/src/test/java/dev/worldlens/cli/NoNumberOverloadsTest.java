package dev.worldlens.cli;

import ai.djl.ndarray.NDArray;
import dev.worldlens.nn.ConstantPool;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No WorldLens class calls DJL's number overloads whose operand autograd saves ({@code mul(Number)},
 * {@code div(Number)}, ...): the PyTorch engine frees that operand's memory while the saved tensor still points at
 * it, so a backward pass after a garbage collection reads freed memory (see {@code dev.worldlens.nn.Scalars}, which
 * is what to call instead). Checked on the compiled classes of every module, as the compiler sees the overload
 * chosen and a reader of the source does not ({@code x.mul(s)} is either overload depending on the type of s).
 */
class NoNumberOverloadsTest {
    private static final Set<String> UNSAFE = Set.of("mul", "muli", "div", "divi", "pow", "powi", "maximum",
            "minimum");
    private static final Set<String> NDARRAYS = Set.of("ai/djl/ndarray/NDArray", "ai/djl/pytorch/engine/PtNDArray");

    @Test
    void theCheckFindsACallToANumberOverload() throws IOException {
        assertEquals(List.of("NDArray.mul(Number)"), unsafeCalls(ConstantPool.of(UsesANumberOverload.class)));
        assertEquals(List.of(), unsafeCalls(ConstantPool.of(NoNumberOverloadsTest.class)));
    }

    @Test
    void noWorldLensClassCallsOne() throws IOException {
        Set<String> offenders = new TreeSet<>();
        Set<String> scanned = new TreeSet<>();
        for (String entry : testClassPath()) {
            Path root = Path.of(entry);
            String name = root.getFileName() == null ? "" : root.getFileName().toString();
            if (Files.isDirectory(root) && name.equals("classes")) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                        String cls = root.relativize(f).toString().replace(File.separatorChar, '/');
                        scanned.add(cls);
                        check(cls, Files.readAllBytes(f), offenders);
                    }
                }
            } else if (name.startsWith("worldlens-") && name.endsWith(".jar") && !name.endsWith("-tests.jar")) {
                try (JarFile jar = new JarFile(root.toFile())) {
                    for (JarEntry e : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                        scanned.add(e.getName());
                        try (InputStream in = jar.getInputStream(e)) {
                            check(e.getName(), in.readAllBytes(), offenders);
                        }
                    }
                }
            }
        }
        for (String module : List.of("nn/Scalars", "probe/AttentiveProbe", "encoders/family/VaeModel",
                "policy/predictor/VideoPredictor", "cli/WorldLens")) {
            assertTrue(scanned.contains("dev/worldlens/" + module + ".class"), "not scanned: " + module + " (of "
                    + scanned.size() + " classes)");
        }
        assertEquals(Set.of(), offenders, "use dev.worldlens.nn.Scalars instead");
    }

    private static void check(String cls, byte[] bytes, Set<String> offenders) throws IOException {
        for (String call : unsafeCalls(ConstantPool.read(bytes))) {
            offenders.add(cls + ": " + call);
        }
    }

    private static List<String> testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(cp.split(File.pathSeparator));
    }

    /** The calls in a class file to an unsafe number overload on an NDArray. */
    static List<String> unsafeCalls(ConstantPool pool) {
        List<String> calls = new ArrayList<>();
        for (ConstantPool.MethodRef ref : pool.methodRefs()) {
            if (NDARRAYS.contains(ref.owner()) && UNSAFE.contains(ref.name())
                    && ref.descriptor().startsWith("(Ljava/lang/Number;)")) {
                calls.add(ref.owner().substring(ref.owner().lastIndexOf('/') + 1) + "." + ref.name() + "(Number)");
            }
        }
        return calls;
    }

    /** What the check must catch. */
    static final class UsesANumberOverload {
        static NDArray half(NDArray x) {
            return x.mul(0.5);
        }
    }
}
