package dev.worldlens.nn.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The loss history of a run as CSV ({@code step,lr,total,term...}), appended as training goes and cut back to the
 * checkpoint's step when a run resumes, so the file always describes the steps that produced the current weights.
 */
public final class LossLog {
    public static final String FILE = "losses.csv";

    private final Path file;
    private List<String> columns;

    public LossLog(Path runDir) {
        this.file = runDir.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    /** Drops rows of steps at or after {@code completedSteps} (a fresh run passes 0 and starts an empty log). */
    public void truncateTo(int completedSteps) {
        try {
            if (!Files.exists(file)) {
                return;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (i == 0) {
                    if (completedSteps > 0) {
                        kept.add(lines.get(0));
                    }
                    continue;
                }
                String[] cells = lines.get(i).split(",", 2);
                if (completedSteps > 0 && Integer.parseInt(cells[0]) < completedSteps) {
                    kept.add(lines.get(i));
                }
            }
            Files.write(file, kept, StandardCharsets.UTF_8);
            if (!kept.isEmpty()) {
                columns = List.of(kept.get(0).split(","));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one row; the first row fixes the columns. */
    public void append(int step, double lr, double total, Map<String, Double> terms) {
        try {
            if (columns == null) {
                columns = new ArrayList<>(List.of("step", "lr", "total"));
                columns.addAll(terms.keySet());
                Files.writeString(file, String.join(",", columns) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            }
            StringBuilder row = new StringBuilder();
            row.append(step).append(',').append(String.format(Locale.ROOT, "%.6g", lr)).append(',')
                    .append(String.format(Locale.ROOT, "%.6g", total));
            for (String c : columns.subList(3, columns.size())) {
                Double v = terms.get(c);
                row.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6g", v));
            }
            Files.writeString(file, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the log back: column name to values (in step order); "step" holds the steps. */
    public static Map<String, double[]> read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Map<String, double[]> out = new LinkedHashMap<>();
            if (lines.isEmpty()) {
                return out;
            }
            String[] header = lines.get(0).split(",");
            int n = lines.size() - 1;
            for (String h : header) {
                out.put(h, new double[n]);
            }
            for (int i = 0; i < n; i++) {
                String[] cells = lines.get(i + 1).split(",", -1);
                for (int c = 0; c < header.length; c++) {
                    out.get(header[c])[i] = c < cells.length && !cells[c].isEmpty() ? Double.parseDouble(cells[c])
                            : Double.NaN;
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
