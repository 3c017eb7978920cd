package dev.worldlens.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** SHA-256 fingerprints of data: of a folder's files (names and bytes), or of values fed in incrementally. */
public final class Fingerprint {
    private final MessageDigest digest;

    public Fingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Fingerprint add(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        add(b.length);
        digest.update(b);
        return this;
    }

    public Fingerprint add(long v) {
        digest.update(ByteBuffer.allocate(8).putLong(v).array());
        return this;
    }

    public Fingerprint add(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(4 * values.length);
        for (float v : values) {
            buf.putFloat(v);
        }
        add(values.length);
        digest.update(buf.array());
        return this;
    }

    public Fingerprint add(byte[] bytes) {
        add(bytes.length);
        digest.update(bytes);
        return this;
    }

    private Fingerprint addContents(Path file) throws IOException {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        }
        return this;
    }

    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Fingerprint of a dataset given as a folder or as one file (an HDF5 file, say). */
    public static String ofPath(Path path, List<String> skipNames) {
        if (Files.isDirectory(path)) {
            return ofFolder(path, skipNames);
        }
        Fingerprint f = new Fingerprint();
        try {
            f.add(path.getFileName().toString()).addContents(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fingerprint " + path + ": " + e.getMessage(), e);
        }
        return f.hex();
    }

    /**
     * Fingerprint of every regular file under a folder (relative names and contents, in sorted order), skipping the
     * files WorldLens itself writes about a run, so a dataset's fingerprint does not change when it is described.
     */
    public static String ofFolder(Path root, List<String> skipNames) {
        Fingerprint f = new Fingerprint();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = root.relativize(p).toString().replace('\\', '/');
                if (skipNames.contains(name) || name.endsWith(".tmp")) {
                    continue;
                }
                f.add(name).addContents(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fingerprint " + root + ": " + e.getMessage(), e);
        }
        return f.hex();
    }
}
