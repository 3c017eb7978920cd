package dev.worldlens.data.lerobot;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.Episode;
import dev.worldlens.core.Json;
import dev.worldlens.data.video.VideoWriter;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes episodes as a LeRobot v3.0 dataset: camera frames as PNG inside the parquet (datasets.Image(), the
 * default) or, with {@link Builder#optVideo}, as mp4 files of several episodes each, as LeRobot records them.
 *
 * <p>Data is written one file of episodes at a time, and a file counts as done only once its episodes-metadata file
 * exists, so a killed run resumes by building a new writer on the same root and continuing from
 * {@link #completedFiles()}. {@link #finish()} writes the dataset-wide metadata from what is on disk, so it gives the
 * same result whether the files came from one writer or several.
 */
public final class LeRobotDatasetWriter {
    private final Path root;
    private final WriterSpec spec;
    private int completedFiles;
    private int nextEpisode;
    private long nextIndex;
    private TaskTable tasks;

    private LeRobotDatasetWriter(Path root, WriterSpec spec) {
        this.root = root;
        this.spec = spec;
        resume();
    }

    public static Builder builder(Path root) {
        return new Builder(root);
    }

    public Path root() {
        return root;
    }

    public int episodesPerFile() {
        return spec.episodesPerFile();
    }

    /** Data files already complete on disk: file indices 0..completedFiles()-1 need not be written again. */
    public int completedFiles() {
        return completedFiles;
    }

    /** The episode index the next file must start with. */
    public int nextEpisodeIndex() {
        return nextEpisode;
    }

    /**
     * Writes data file {@code fileIndex} holding these episodes, whose indices must continue from the previous file
     * without gaps. The data file is written first and the episodes metadata second, each atomically.
     */
    public void writeFile(int fileIndex, List<Episode> episodes) {
        if (fileIndex != completedFiles) {
            throw new IllegalArgumentException("file " + completedFiles + " is the next to write, not " + fileIndex);
        }
        if (episodes.isEmpty() || episodes.size() > spec.episodesPerFile()) {
            throw new IllegalArgumentException("a file holds 1.." + spec.episodesPerFile() + " episodes, got "
                    + episodes.size());
        }
        for (int i = 0; i < episodes.size(); i++) {
            if (episodes.get(i).index() != nextEpisode + i) {
                throw new IllegalArgumentException("episode " + (nextEpisode + i) + " expected at position " + i
                        + " of file " + fileIndex + ", found episode " + episodes.get(i).index());
            }
        }
        // work on a copy so a failed file leaves no new tasks behind
        TaskTable fileTasks = copyOf(tasks);
        List<EpisodeMetaRow> rows = new ArrayList<>();
        if (spec.videos()) {
            // before the episodes meta, whose presence marks the file done
            VideoFiles.write(root, spec, fileIndex, episodes);
        }
        try (DuckDBConnection c = connect()) {
            DataFileWriter data = new DataFileWriter(spec);
            AtomicFiles.write(LeRobotLayout.dataFile(root, fileIndex), tmp -> sql(() ->
                    rows.addAll(data.write(c, tmp, fileIndex, episodes, nextIndex, fileTasks))));
            AtomicFiles.write(LeRobotLayout.episodesFile(root, fileIndex), tmp -> sql(() ->
                    EpisodesMetaFile.write(c, tmp, rows, spec.statFeatures(), spec.videos()
                            ? spec.cameras().stream().map(WriterSpec.Camera::featureKey).toList() : List.of())));
            // after the episodes meta: a resumed writer also recovers tasks from there if this write is lost
            AtomicFiles.write(root.resolve(LeRobotLayout.TASKS), tmp -> sql(() -> fileTasks.write(c, tmp)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write file " + fileIndex + " under " + root + ": "
                    + e.getMessage(), e);
        }
        tasks = fileTasks;
        completedFiles++;
        nextEpisode += episodes.size();
        nextIndex = rows.get(rows.size() - 1).toIndex();
    }

    /** Writes meta/info.json, meta/stats.json, meta/tasks.parquet and meta/worldlens.json for all complete files. */
    public void finish() {
        List<Path> files = completedEpisodeFiles();
        long episodes = 0;
        long frames = 0;
        Map<String, FeatureStats> stats = new LinkedHashMap<>();
        try (DuckDBConnection c = connect()) {
            if (!files.isEmpty()) {
                List<EpisodeMetaRow> rows = EpisodesMetaFile.read(c, files);
                episodes = rows.size();
                frames = rows.stream().mapToLong(EpisodeMetaRow::length).sum();
                EpisodesMetaFile.readStats(c, files, spec.statFeatures())
                        .forEach((feature, parts) -> stats.put(feature, FeatureStats.merge(parts)));
            }
            AtomicFiles.write(root.resolve(LeRobotLayout.TASKS), tmp -> sql(() -> tasks.write(c, tmp)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot finish " + root + ": " + e.getMessage(), e);
        }
        writeJson(LeRobotLayout.STATS, MetaJson.stats(stats));
        writeJson(LeRobotLayout.WORLDLENS, MetaJson.worldlens(spec));
        // info.json last: its presence is what tells a reader the dataset is finished
        writeJson(LeRobotLayout.INFO, MetaJson.info(spec, episodes, frames, tasks.tasks().size()));
    }

    private void writeJson(String relative, Object node) {
        AtomicFiles.writeStream(root.resolve(relative), out -> Json.JSON.writeValue(out, node));
    }

    private List<Path> completedEpisodeFiles() {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < completedFiles; i++) {
            files.add(LeRobotLayout.episodesFile(root, i));
        }
        return files;
    }

    /** Picks up where an earlier writer stopped: complete files, next episode and frame index, known tasks. */
    private void resume() {
        while (Files.isRegularFile(LeRobotLayout.episodesFile(root, completedFiles))
                && Files.isRegularFile(LeRobotLayout.dataFile(root, completedFiles))) {
            completedFiles++;
        }
        List<String> known = new ArrayList<>();
        Path tasksFile = root.resolve(LeRobotLayout.TASKS);
        try (DuckDBConnection c = connect()) {
            if (completedFiles > 0 && Files.isRegularFile(tasksFile)) {
                known.addAll(TaskTable.read(c, tasksFile));
            }
            if (completedFiles > 0) {
                List<EpisodeMetaRow> rows = EpisodesMetaFile.read(c, completedEpisodeFiles());
                for (int i = 0; i < rows.size(); i++) {
                    if (rows.get(i).episodeIndex() != i) {
                        throw new IllegalStateException(root + ": episode " + i + " missing from the complete "
                                + "files; cannot resume");
                    }
                    rows.get(i).tasks().stream().filter(t -> !known.contains(t)).forEach(known::add);
                }
                nextEpisode = rows.size();
                nextIndex = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).toIndex();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the existing files under " + root + ": " + e.getMessage(),
                    e);
        }
        if (spec.taskVocabulary() != null) {
            List<String> vocab = spec.taskVocabulary();
            // indices come from the vocabulary, so resuming only needs every task on disk to belong to it
            List<String> unknown = known.stream().filter(t -> !vocab.contains(t)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalStateException(root + ": existing tasks " + unknown + " are not in the task "
                        + "vocabulary; was this folder written with another vocabulary?");
            }
            tasks = TaskTable.fixed(vocab);
        } else {
            tasks = TaskTable.growing(known);
        }
    }

    private static TaskTable copyOf(TaskTable t) {
        return t.isFixed() ? TaskTable.fixed(t.tasks()) : TaskTable.growing(t.tasks());
    }

    static DuckDBConnection connect() throws SQLException {
        return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }

    /** AtomicFiles callbacks may only throw IOException. */
    private static void sql(SqlAction action) throws IOException {
        try {
            action.run();
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Required settings are set*, optional ones opt*; build() checks that every required one was given. */
    public static final class Builder {
        private final Path root;
        private int fps;
        private ActionSchema actionSchema;
        private List<String> stateNames;
        private final List<WriterSpec.Camera> cameras = new ArrayList<>();
        private String robotType = "worldlens";
        private int episodesPerFile = 50;
        private List<String> taskVocabulary;
        private String generator;
        private VideoWriter.Codec video;

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        public Builder setFps(int fps) {
            if (fps <= 0) {
                throw new IllegalArgumentException("fps must be positive, got " + fps);
            }
            this.fps = fps;
            return this;
        }

        public Builder setActionSchema(ActionSchema schema) {
            this.actionSchema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /** Names of the state dimensions; an empty list writes no observation.state feature. */
        public Builder setStateNames(List<String> names) {
            this.stateNames = List.copyOf(names);
            return this;
        }

        /** A camera stored as feature {@code observation.images.<name>}; frames must be width x height. */
        public Builder addCamera(String name, int width, int height) {
            if (name.isEmpty() || width <= 0 || height <= 0) {
                throw new IllegalArgumentException("camera needs a name and a positive size, got '" + name + "' "
                        + width + "x" + height);
            }
            if (cameras.stream().anyMatch(c -> c.name().equals(name))) {
                throw new IllegalArgumentException("camera '" + name + "' added twice");
            }
            cameras.add(new WriterSpec.Camera(name, width, height));
            return this;
        }

        public Builder optRobotType(String robotType) {
            this.robotType = Objects.requireNonNull(robotType, "robotType");
            return this;
        }

        public Builder optEpisodesPerFile(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("episodes per file must be positive, got " + n);
            }
            this.episodesPerFile = n;
            return this;
        }

        /** Fixes task_index order up front (so several datasets share indices); otherwise first-seen order. */
        public Builder optTaskVocabulary(List<String> instructions) {
            this.taskVocabulary = List.copyOf(instructions);
            return this;
        }

        /** What produced the data (e.g. "worldlens-sim tabletop 0.1.0"), kept in meta/worldlens.json. */
        public Builder optGenerator(String generator) {
            this.generator = generator;
            return this;
        }

        /**
         * Store the cameras as mp4 files in this codec (LeRobot's default is AV1), the episodes of a data file
         * one after another in one mp4 per camera, instead of PNG frames in the parquet.
         */
        public Builder optVideo(VideoWriter.Codec codec) {
            this.video = Objects.requireNonNull(codec, "codec");
            return this;
        }

        public LeRobotDatasetWriter build() {
            List<String> missing = new ArrayList<>();
            if (fps == 0) {
                missing.add("setFps");
            }
            if (actionSchema == null) {
                missing.add("setActionSchema");
            }
            if (stateNames == null) {
                missing.add("setStateNames");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("LeRobotDatasetWriter needs " + String.join(", ", missing));
            }
            return new LeRobotDatasetWriter(root, new WriterSpec(fps, actionSchema, stateNames, cameras, robotType,
                    episodesPerFile, taskVocabulary, generator, video));
        }
    }
}
