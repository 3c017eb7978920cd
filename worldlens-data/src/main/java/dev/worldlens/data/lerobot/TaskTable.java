package dev.worldlens.data.lerobot;

import dev.worldlens.core.InvalidInputException;

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

    /** Reads meta/tasks.parquet into a list indexed by task_index, which must run 0..n-1. */
    static List<String> read(Connection c, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, null, "not found");
        }
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT task_index, task FROM read_parquet(" + sqlPath(file)
                     + ") ORDER BY task_index")) {
            while (rs.next()) {
                long index = rs.getLong(1);
                if (index != out.size()) {
                    throw new InvalidInputException(file, "task_index", "expected " + out.size() + ", found "
                            + index + " (task indices must run 0..n-1)");
                }
                String task = rs.getString(2);
                if (task == null) {
                    throw new InvalidInputException(file, "task", "null task at task_index " + index);
                }
                out.add(task);
            }
        } catch (SQLException e) {
            throw new InvalidInputException(file, "task_index/task", "cannot read: " + e.getMessage(), e);
        }
        return out;
    }
}
