package dev.worldlens.policy.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The frozen features of one sample set on disk: rows of {@code perSample} little-endian float32 values, sample 0
 * first, appended in order, with a JSON header beside it naming what computed them (the features' identity) and for
 * which samples (their fingerprint). A run killed while filling it resumes at the last whole row; a file made by
 * other features or for other samples is refused, never mixed in.
 */
final class FeatureFile implements AutoCloseable {
    private final Path file;
    private final int perSample;
    private final int count;
    private final FileChannel channel;
    private int rows;

    private FeatureFile(Path file, int perSample, int count, FileChannel channel, int rows) {
        this.file = file;
        this.perSample = perSample;
        this.count = count;
        this.channel = channel;
        this.rows = rows;
    }

    /**
     * Opens (or starts) the file for {@code count} samples of {@code perSample} values computed by the features
     * {@code identity} over the samples {@code samples}.
     *
     * @throws InvalidInputException naming the header and its field when an existing file was made otherwise
     */
    static FeatureFile open(Path file, String identity, String samples, int perSample, int count) {
        Path header = header(file);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("features", identity);
        expected.put("samples", samples);
        expected.put("perSample", perSample);
        expected.put("count", count);
        expected.put("format", "float32 little-endian, one row per sample");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.isRegularFile(header)) {
                JsonNode found = Json.JSON.readTree(header.toFile());
                for (Map.Entry<String, Object> e : expected.entrySet()) {
                    String was = found.path(e.getKey()).asText();
                    if (!was.equals(String.valueOf(e.getValue()))) {
                        throw new InvalidInputException(header, e.getKey(), "the cached features were made with "
                                + e.getKey() + " '" + was + "', this run needs '" + e.getValue() + "'; delete "
                                + file.getFileName() + " and its header to compute them again");
                    }
                }
            } else {
                Files.deleteIfExists(file);
                AtomicFiles.writeString(header, Json.JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(expected));
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            long rowBytes = 4L * perSample;
            int rows = (int) Math.min(count, channel.size() / rowBytes);
            channel.truncate(rows * rowBytes); // a row cut short by a kill is computed again
            return new FeatureFile(file, perSample, count, channel, rows);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the feature cache " + file + ": " + e.getMessage(), e);
        }
    }

    static Path header(Path file) {
        return file.resolveSibling(file.getFileName() + ".json");
    }

    /** Rows already on disk: samples 0..rows()-1. */
    int rows() {
        return rows;
    }

    boolean complete() {
        return rows == count;
    }

    /** Appends {@code n} rows (the next samples in order) from {@code values}, [n * perSample]. */
    void append(float[] values, int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * perSample * n).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values, 0, perSample * n);
        try {
            long at = 4L * perSample * rows;
            while (b.hasRemaining()) {
                at += channel.write(b, at);
            }
            rows += n;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the feature cache " + file + ": " + e.getMessage(), e);
        }
    }

    /** Row {@code row} into {@code out} from {@code offset}. */
    void read(int row, float[] out, int offset) {
        if (row < 0 || row >= rows) {
            throw new IllegalStateException("features of sample " + row + " are not in " + file + " (" + rows
                    + " of " + count + " computed)");
        }
        ByteBuffer b = ByteBuffer.allocate(4 * perSample).order(ByteOrder.LITTLE_ENDIAN);
        try {
            long at = 4L * perSample * row;
            while (b.hasRemaining()) {
                int n = channel.read(b, at + b.position());
                if (n < 0) {
                    throw new IOException("unexpected end of file at row " + row);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the feature cache " + file + ": " + e.getMessage(), e);
        }
        b.flip();
        b.asFloatBuffer().get(out, offset, perSample);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the feature cache " + file, e);
        }
    }
}
