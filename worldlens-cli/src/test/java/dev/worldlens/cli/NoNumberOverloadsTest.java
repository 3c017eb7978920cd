package dev.worldlens.cli;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
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
        assertEquals(List.of("NDArray.mul(Number)"), unsafeCalls(classBytes(UsesANumberOverload.class)));
        assertEquals(List.of(), unsafeCalls(classBytes(NoNumberOverloadsTest.class)));
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
        for (String call : unsafeCalls(bytes)) {
            offenders.add(cls + ": " + call);
        }
    }

    private static List<String> testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(cp.split(File.pathSeparator));
    }

    private static byte[] classBytes(Class<?> c) throws IOException {
        String file = c.getName().substring(c.getPackageName().length() + 1) + ".class";
        try (InputStream in = c.getResourceAsStream(file)) {
            return in.readAllBytes();
        }
    }

    /**
     * The method references in a class file's constant pool to an unsafe number overload on an NDArray: a reference
     * is in the pool exactly when the class calls it, so the pool is all that needs reading.
     */
    static List<String> unsafeCalls(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNames = new int[count];
        int[][] nameAndTypes = new int[count][];
        List<int[]> methodRefs = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames[i] = in.readUnsignedShort();
                case 10, 11 -> methodRefs.add(new int[]{in.readUnsignedShort(), in.readUnsignedShort()});
                case 12 -> nameAndTypes[i] = new int[]{in.readUnsignedShort(), in.readUnsignedShort()};
                case 3, 4, 9, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // longs and doubles take two slots
                }
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("constant pool tag " + tag + " at entry " + i);
            }
        }
        List<String> calls = new ArrayList<>();
        for (int[] ref : methodRefs) {
            String owner = utf8[classNames[ref[0]]];
            String name = utf8[nameAndTypes[ref[1]][0]];
            String descriptor = utf8[nameAndTypes[ref[1]][1]];
            if (NDARRAYS.contains(owner) && UNSAFE.contains(name) && descriptor.startsWith("(Ljava/lang/Number;)")) {
                calls.add(owner.substring(owner.lastIndexOf('/') + 1) + "." + name + "(Number)");
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
