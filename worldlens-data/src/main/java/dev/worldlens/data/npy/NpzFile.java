package dev.worldlens.data.npy;

import dev.worldlens.core.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An .npz archive (np.savez / np.savez_compressed): a zip of {@code <key>.npy} entries, stored or deflated.
 * The entry list is read on open; each array is read when asked for, so a caller reading only the actions of a
 * CALVIN step does not pay for its images.
 */
public final class NpzFile implements AutoCloseable {
    private final Path file;
    private final ZipFile zip;
    private final Map<String, ZipEntry> entries = new LinkedHashMap<>();

    private NpzFile(Path file, ZipFile zip) {
        this.file = file;
        this.zip = zip;
        zip.stream().forEach(e -> entries.put(e.getName().endsWith(".npy")
                ? e.getName().substring(0, e.getName().length() - 4) : e.getName(), e));
    }

    /** Opens the archive; a missing, truncated or non-zip file gives an InvalidInputException naming it. */
    public static NpzFile open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, null, "not found");
        }
        try {
            return new NpzFile(file, new ZipFile(file.toFile()));
        } catch (IOException e) {
            throw new InvalidInputException(file, null, "not a readable .npz (zip) archive, truncated or corrupt: "
                    + e.getMessage(), e);
        }
    }

    /** Reads every array of the archive. */
    public static Map<String, NpyArray> read(Path file) {
        try (NpzFile npz = open(file)) {
            Map<String, NpyArray> out = new LinkedHashMap<>();
            for (String key : npz.keys()) {
                out.put(key, npz.get(key));
            }
            return out;
        }
    }

    public Path file() {
        return file;
    }

    public List<String> keys() {
        return new ArrayList<>(entries.keySet());
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The array stored under key; a missing key names the keys that are there. */
    public NpyArray get(String key) {
        ZipEntry entry = entries.get(key);
        if (entry == null) {
            throw new InvalidInputException(file, key, "missing; the archive holds " + entries.keySet());
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidInputException(file, key, "cannot read the entry (truncated or corrupt archive?): "
                    + e.getMessage(), e);
        }
        return NpyFormat.parse(bytes, file, key);
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException ignored) {
            // read-only: nothing is lost by a failed close
        }
    }
}
