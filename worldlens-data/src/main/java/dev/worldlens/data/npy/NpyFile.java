package dev.worldlens.data.npy;

import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A single .npy file. */
public final class NpyFile {
    private NpyFile() {
    }

    public static NpyArray read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file, null, "not found");
        } catch (IOException e) {
            throw new InvalidInputException(file, null, "cannot read: " + e.getMessage(), e);
        }
        return NpyFormat.parse(bytes, file, null);
    }

    public static void write(Path file, NpyArray array) {
        AtomicFiles.writeStream(file, out -> out.write(NpyFormat.encode(array)));
    }
}
