package dev.worldlens.data.npy;

import dev.worldlens.core.AtomicFiles;

import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes an uncompressed .npz (as np.savez does), for the project's own fixtures and tests. */
public final class NpzWriter {
    private NpzWriter() {
    }

    public static void write(java.nio.file.Path file, Map<String, NpyArray> arrays) {
        AtomicFiles.writeStream(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                byte[] npy = NpyFormat.encode(e.getValue());
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                // STORED entries need size and CRC up front
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(npy.length);
                entry.setCompressedSize(npy.length);
                CRC32 crc = new CRC32();
                crc.update(npy);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(npy);
                zip.closeEntry();
            }
            zip.finish();
        });
    }
}
