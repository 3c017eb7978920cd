package dev.worldlens.data.npy;

import dev.worldlens.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpzFileTest {
    @TempDir
    Path dir;

    private static Map<String, NpyArray> sample() {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("f", NpyArray.ofFloats(new float[]{1.5f, -2f, 3f, 4f, 5f, 6f}, 2, 3));
        m.put("d", NpyArray.ofDoubles(new double[]{0.25, 7}, 2));
        m.put("img", NpyArray.ofUint8(new byte[]{0, (byte) 255, 7}, 1, 1, 3));
        m.put("ids", NpyArray.ofLongs(new long[]{10, 13, 20, 22}, 2, 2));
        return m;
    }

    @Test
    void roundTripsEveryDtype() {
        Path f = dir.resolve("a.npz");
        NpzWriter.write(f, sample());
        Map<String, NpyArray> read = NpzFile.read(f);
        assertEquals(sample(), read);
        assertArrayEquals(new float[]{1.5f, -2f, 3f, 4f, 5f, 6f}, read.get("f").floats());
        assertArrayEquals(new int[]{2, 3}, read.get("f").shape());
        assertArrayEquals(new float[]{0.25f, 7f}, read.get("d").floats());
        assertArrayEquals(new float[]{0, 255, 7}, read.get("img").floats());
        assertArrayEquals(new long[]{10, 13, 20, 22}, read.get("ids").longs());
    }

    @Test
    void readsDeflatedEntriesAndPlainNpy() throws Exception {
        Path f = dir.resolve("c.npz");
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("x.npy")); // DEFLATED is the default, as savez_compressed writes
            zip.write(NpyFormat.encode(NpyArray.ofFloats(new float[]{9, 8}, 2)));
            zip.closeEntry();
        }
        assertArrayEquals(new float[]{9, 8}, NpzFile.read(f).get("x").floats());
        Path npy = dir.resolve("s.npy");
        NpyFile.write(npy, NpyArray.ofLongs(new long[]{5}));
        NpyArray scalar = NpyFile.read(npy);
        assertEquals(0, scalar.rank());
        assertArrayEquals(new long[]{5}, scalar.longs());
    }

    @Test
    void missingKeyNamesFileAndKey() {
        Path f = dir.resolve("a.npz");
        NpzWriter.write(f, sample());
        try (NpzFile npz = NpzFile.open(f)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> npz.get("rel_actions"));
            assertTrue(e.getMessage().contains("a.npz") && e.getMessage().contains("rel_actions"), e.getMessage());
        }
    }

    @Test
    void truncatedZipNamesFile() throws Exception {
        Path f = dir.resolve("t.npz");
        NpzWriter.write(f, sample());
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> NpzFile.read(f));
        assertTrue(e.getMessage().contains("t.npz"), e.getMessage());
    }

    @Test
    void badHeadersNameFileAndKey() throws Exception {
        byte[] good = NpyFormat.encode(NpyArray.ofFloats(new float[]{1, 2, 3, 4}, 4));
        String header = new String(good, 0, 128, java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] fortran = good.clone();
        byte[] f2 = header.replace("'fortran_order': False", "'fortran_order': True ").getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(f2, 0, fortran, 0, f2.length);
        assertMessage(write("fortran", fortran), "fortran_order");
        assertMessage(write("short", Arrays.copyOf(good, good.length - 3)), "data shorter than the shape");
        byte[] noDescr = header.replace("'descr'", "'dscr' ").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] bad = good.clone();
        System.arraycopy(noDescr, 0, bad, 0, noDescr.length);
        assertMessage(write("nodescr", bad), "descr");
    }

    private Path write(String name, byte[] npy) throws Exception {
        Path f = dir.resolve(name + ".npz");
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("arr.npy"));
            zip.write(npy);
            zip.closeEntry();
        }
        return f;
    }

    private static void assertMessage(Path f, String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> NpzFile.read(f));
        String m = e.getMessage();
        assertTrue(m.contains(f.getFileName().toString()) && m.contains("arr") && m.contains(text), m);
    }
}
