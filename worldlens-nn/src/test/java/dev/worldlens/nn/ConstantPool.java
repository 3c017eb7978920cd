package dev.worldlens.nn;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The constant pool of a class file, for checks on compiled code: its strings (the names of the classes it uses, the
 * descriptors and signatures of what it declares or calls, its string literals) and the methods it calls. A
 * reference is in the pool exactly when the class uses it, so the pool is all such a check needs to read.
 */
public record ConstantPool(List<String> strings, List<MethodRef> methodRefs) {

    /** A method the class calls: its owner's internal name, its name and descriptor. */
    public record MethodRef(String owner, String name, String descriptor) {
    }

    /** The pool of a loaded class, read from its class file. */
    public static ConstantPool of(Class<?> c) throws IOException {
        String file = c.getName().substring(c.getPackageName().length() + 1) + ".class";
        try (InputStream in = c.getResourceAsStream(file)) {
            return read(in.readAllBytes());
        }
    }

    public static ConstantPool read(byte[] classFile) throws IOException {
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
        List<int[]> refs = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames[i] = in.readUnsignedShort();
                case 10, 11 -> refs.add(new int[]{in.readUnsignedShort(), in.readUnsignedShort()});
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
        List<String> strings = new ArrayList<>();
        for (String s : utf8) {
            if (s != null) {
                strings.add(s);
            }
        }
        List<MethodRef> methods = new ArrayList<>();
        for (int[] ref : refs) {
            methods.add(new MethodRef(utf8[classNames[ref[0]]], utf8[nameAndTypes[ref[1]][0]],
                    utf8[nameAndTypes[ref[1]][1]]));
        }
        return new ConstantPool(List.copyOf(strings), List.copyOf(methods));
    }
}
