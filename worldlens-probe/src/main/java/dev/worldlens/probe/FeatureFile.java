package dev.worldlens.probe;

import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The on-disk form of one episode's features: little-endian, a 24-byte header (magic "WLF1", version, T, D, A, N),
 * float32 pooled features, actions and tokens, then the SHA-256 of everything before it. Written atomically; a
 * truncated or altered file fails its checksum with a message naming the file.
 */
final class FeatureFile {
    private static final int MAGIC = 0x31464C57; // "WLF1" little-endian
    private static final int VERSION = 1;
    private static final int HEADER = 24;
    private static final int DIGEST = 32;

    private FeatureFile() {
    }

    static void write(Path file, EpisodeFeatures f) {
        long floats = (long) f.pooled().length + f.actions().length + (f.hasTokens() ? f.tokens().length : 0);
        long bytes = HEADER + 4 * floats + DIGEST;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("episode features too large for one file: " + bytes + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC).putInt(VERSION).putInt(f.length()).putInt(f.width()).putInt(f.actionDim())
                .putInt(f.hasTokens() ? f.tokensPerFrame() : 0);
        buf.asFloatBuffer().put(f.pooled());
        buf.position(buf.position() + 4 * f.pooled().length);
        buf.asFloatBuffer().put(f.actions());
        buf.position(buf.position() + 4 * f.actions().length);
        if (f.hasTokens()) {
            buf.asFloatBuffer().put(f.tokens());
            buf.position(buf.position() + 4 * f.tokens().length);
        }
        byte[] content = buf.array();
        byte[] digest = sha256(content, 0, (int) bytes - DIGEST);
        System.arraycopy(digest, 0, content, (int) bytes - DIGEST, DIGEST);
        AtomicFiles.write(file, tmp -> Files.write(tmp, content));
    }

    /** Reads and verifies a file; {@code withTokens} false skips decoding the tokens (they may be large). */
    static EpisodeFeatures read(Path file, boolean withTokens) {
        byte[] content;
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, "episode file", "missing from the feature store; run encode again "
                    + "to rebuild it");
        }
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (content.length < HEADER + DIGEST) {
            throw new InvalidInputException(file, "header", "file is truncated (" + content.length + " bytes)");
        }
        byte[] stored = Arrays.copyOfRange(content, content.length - DIGEST, content.length);
        if (!Arrays.equals(stored, sha256(content, 0, content.length - DIGEST))) {
            throw new InvalidInputException(file, "checksum", "SHA-256 does not match: the file is truncated or "
                    + "corrupt; run encode again to rebuild it");
        }
        ByteBuffer buf = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.getInt() != MAGIC) {
            throw new InvalidInputException(file, "magic", "not a WorldLens feature file");
        }
        int version = buf.getInt();
        if (version != VERSION) {
            throw new InvalidInputException(file, "version", "expected " + VERSION + ", found " + version);
        }
        int t = buf.getInt();
        int d = buf.getInt();
        int a = buf.getInt();
        int n = buf.getInt();
        long expected = HEADER + 4L * ((long) t * d + (long) t * a + (long) t * n * d) + DIGEST;
        if (t < 0 || d <= 0 || a < 0 || n < 0 || expected != content.length) {
            throw new InvalidInputException(file, "shape", "header says T=" + t + " D=" + d + " A=" + a + " N=" + n
                    + " (" + expected + " bytes) but the file has " + content.length + " bytes");
        }
        float[] pooled = new float[t * d];
        float[] actions = new float[t * a];
        buf.asFloatBuffer().get(pooled);
        buf.position(buf.position() + 4 * pooled.length);
        buf.asFloatBuffer().get(actions);
        buf.position(buf.position() + 4 * actions.length);
        float[] tokens = null;
        if (withTokens && n > 0) {
            tokens = new float[t * n * d];
            buf.asFloatBuffer().get(tokens);
        }
        return new EpisodeFeatures(t, d, a, pooled, actions, tokens == null ? 0 : n, tokens);
    }

    /** Whether a file is present and intact (used to skip finished episodes when resuming). */
    static boolean isComplete(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            read(file, false);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] sha256(byte[] data, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, offset, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
