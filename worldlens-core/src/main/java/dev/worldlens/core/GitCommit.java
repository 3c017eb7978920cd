package dev.worldlens.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The commit of the WorldLens checkout that produced a result, read from .git without running git (which may be
 * absent). Returns "unknown" outside a checkout. Looks upward from the working directory.
 */
public final class GitCommit {
    private GitCommit() {
    }

    public static String current() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path git = dir.resolve(".git");
            if (Files.isDirectory(git)) {
                return read(git);
            }
            dir = dir.getParent();
        }
        return "unknown";
    }

    static String read(Path git) {
        try {
            String head = Files.readString(git.resolve("HEAD"), StandardCharsets.UTF_8).trim();
            if (!head.startsWith("ref: ")) {
                return head;
            }
            String ref = head.substring(5).trim();
            Path loose = git.resolve(ref);
            if (Files.exists(loose)) {
                return Files.readString(loose, StandardCharsets.UTF_8).trim();
            }
            Path packed = git.resolve("packed-refs");
            if (Files.exists(packed)) {
                for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                    if (line.endsWith(" " + ref)) {
                        return line.substring(0, line.indexOf(' '));
                    }
                }
            }
            return "unborn:" + ref;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
