package dev.worldlens.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.worldlens.data.lerobot.LeRobotLayout.sqlPath;
import static dev.worldlens.data.lerobot.LeRobotLayout.sqlString;

/** The task strings of a dataset in task_index order (meta/tasks.parquet). */
final class TaskTable {
    /**
     * pandas metadata so that pandas.read_parquet makes "task" the index again, which LeRobot's
     * {@code tasks.loc[task].task_index} relies on; pyarrow without pandas just sees two columns.
     */
    private static final String PANDAS_METADATA = "{\"index_columns\": [\"task\"], \"column_indexes\": "
            + "[{\"name\": null, \"field_name\": null, \"pandas_type\": \"unicode\", \"numpy_type\": \"object\", "
            + "\"metadata\": {\"encoding\": \"UTF-8\"}}], \"columns\": [{\"name\": \"task_index\", \"field_name\": "
            + "\"task_index\", \"pandas_type\": \"int64\", \"numpy_type\": \"int64\", \"metadata\": null}, "
            + "{\"name\": \"task\", \"field_name\": \"task\", \"pandas_type\": \"unicode\", \"numpy_type\": "
            + "\"object\", \"metadata\": null}], \"creator\": {\"library\": \"worldlens\", \"version\": \"0.1\"}, "
            + "\"pandas_version\": \"2.2.3\"}";

    private final List<String> tasks = new ArrayList<>();
    private final Map<String, Integer> indices = new HashMap<>();
    private final boolean fixed;

    private TaskTable(List<String> tasks, boolean fixed) {
        this.fixed = fixed;
        tasks.forEach(this::add);
    }

    /** A table that grows in first-seen order. */
    static TaskTable growing(List<String> known) {
        return new TaskTable(known, false);
    }

    /** A table whose indices are fixed up front; an unknown instruction is an error. */
    static TaskTable fixed(List<String> vocabulary) {
        return new TaskTable(vocabulary, true);
    }

    boolean isFixed() {
        return fixed;
    }

    int indexOf(String task) {
        Integer i = indices.get(task);
        if (i != null) {
            return i;
        }
        if (fixed) {
            throw new IllegalArgumentException("instruction \"" + task + "\" is not in the task vocabulary");
        }
        return add(task);
    }

    private int add(String task) {
        if (indices.containsKey(task)) {
            throw new IllegalArgumentException("task \"" + task + "\" appears twice");
        }
        indices.put(task, tasks.size());
        tasks.add(task);
        return tasks.size() - 1;
    }

    List<String> tasks() {
        return List.copyOf(tasks);
    }

    /** Writes the table; the caller wraps this in AtomicFiles so a reader never sees half a file. */
    void write(Connection c, Path target) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE tasks (task_index BIGINT, task VARCHAR)");
        }
        try (var appender = ((org.duckdb.DuckDBConnection) c).createAppender("tasks")) {
            for (int i = 0; i < tasks.size(); i++) {
                appender.beginRow().append((long) i).append(tasks.get(i)).endRow();
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("COPY (SELECT task_index, task FROM tasks ORDER BY task_index) TO " + sqlPath(target)
                    + " (FORMAT PARQUET, COMPRESSION ZSTD, KV_METADATA {pandas: " + sqlString(PANDAS_METADATA) + "})");
            s.execute("DROP TABLE tasks");
        }
    }

    /**
     * Reads meta/tasks.parquet into a list indexed by task_index, which must run 0..n-1. LeRobot keeps its tasks as
     * a pandas DataFrame indexed by the task text and writes it with {@code DataFrame.to_parquet}, so the text is
     * the column the pandas metadata names as the index: {@code task} when the index kept its name (a new dataset),
     * {@code __index_level_0__} when it lost it (seen in datasets LeRobot recorded). Without pandas metadata a
     * {@code task} column is read.
     */
    static List<String> read(Connection c, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, null, "not found");
        }
        String column = taskColumn(c, file);
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT task_index, " + LeRobotLayout.ident(column) + " FROM read_parquet("
                     + sqlPath(file) + ") ORDER BY task_index")) {
            while (rs.next()) {
                long index = rs.getLong(1);
                if (rs.wasNull() || index != out.size()) {
                    throw new InvalidInputException(file, "task_index", "expected " + out.size() + ", found "
                            + (rs.wasNull() ? "null" : index) + " (task indices must run 0..n-1)");
                }
                String task = rs.getString(2);
                if (task == null) {
                    throw new InvalidInputException(file, column, "null task at task_index " + index);
                }
                out.add(task);
            }
        } catch (SQLException e) {
            throw new InvalidInputException(file, "task_index/" + column, "cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    /** The column holding the task text: the pandas index if the file has pandas metadata, else "task". */
    private static String taskColumn(Connection c, Path file) {
        List<String> columns = new ArrayList<>();
        String pandas = null;
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT name FROM parquet_schema(" + sqlPath(file) + ")")) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT value FROM parquet_kv_metadata(" + sqlPath(file)
                    + ") WHERE decode(key) = 'pandas'")) {
                if (rs.next()) {
                    pandas = new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        } catch (SQLException e) {
            throw new InvalidInputException(file, "schema", "not a readable Parquet file: " + e.getMessage(), e);
        }
        if (!columns.contains("task_index")) {
            throw new InvalidInputException(file, "task_index", "no such column; the file has " + columns.subList(
                    Math.min(1, columns.size()), columns.size()));
        }
        String column = "task";
        if (pandas != null) {
            JsonNode index;
            try {
                index = Json.JSON.readTree(pandas).path("index_columns");
            } catch (java.io.IOException e) {
                throw new InvalidInputException(file, "pandas metadata", "is not JSON: " + e.getMessage(), e);
            }
            // a RangeIndex is recorded as an object, not a column: then the text must be a column of its own
            for (JsonNode entry : index) {
                if (entry.isTextual()) {
                    column = entry.asText();
                    break;
                }
            }
        }
        if (!columns.contains(column)) {
            throw new InvalidInputException(file, column, "no such column holding the task text (the pandas index, "
                    + "or a column named task); the file has " + columns.subList(Math.min(1, columns.size()),
                    columns.size()));
        }
        return column;
    }
}
