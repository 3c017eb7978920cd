package dev.worldlens.sim.dataset;

import dev.worldlens.core.Episode;
import dev.worldlens.core.Fingerprint;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RunFolder;
import dev.worldlens.data.lerobot.LeRobotDatasetWriter;
import dev.worldlens.sim.Camera;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.Tabletop;
import dev.worldlens.sim.Task;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Generates a Tabletop dataset into a LeRobot v3.0 folder, file by file. Every file is written whole (temporary
 * file, then rename) and episode i depends only on (seed, i), so after an interruption the same command skips the
 * finished files and produces exactly the dataset an uninterrupted run would have.
 */
public final class SimDatasetJob {
    private SimDatasetJob() {
    }

    public static Path run(SimGenerateConfig requested, Path out, Progress progress) {
        SimGenerateConfig c = requested.checked();
        EpisodeGenerator generator = new EpisodeGenerator(c.generatorConfig(), c.seed());
        RunFolder run = RunFolder.open(out, "sim generate", c, c.seed());
        LeRobotDatasetWriter writer = LeRobotDatasetWriter.builder(out)
                .setFps((int) Math.round(Tabletop.FPS))
                .setActionSchema(Tabletop.ACTION_SCHEMA)
                .setStateNames(Tabletop.STATE_NAMES)
                .addCamera(Camera.TOP.key(), c.topSize(), c.topSize())
                .addCamera(Camera.GRIPPER.key(), c.gripperSize(), c.gripperSize())
                .optRobotType(Tabletop.ROBOT_TYPE)
                .optEpisodesPerFile(c.episodesPerFile())
                .optTaskVocabulary(vocabulary())
                .optGenerator("worldlens sim generate " + c)
                .build();
        int files = (c.episodes() + c.episodesPerFile() - 1) / c.episodesPerFile();
        int done = Math.min(writer.completedFiles(), files);
        long already = Math.min((long) done * c.episodesPerFile(), c.episodes());
        if (done > 0) {
            System.err.println("resuming: " + done + " of " + files + " files already written");
        }
        try (Progress.Bar bar = progress.start("generate", c.episodes(), already)) {
            for (int f = done; f < files; f++) {
                int from = f * c.episodesPerFile();
                int to = Math.min(c.episodes(), from + c.episodesPerFile());
                List<Episode> episodes = IntStream.range(from, to).parallel().mapToObj(generator::generate).toList();
                writer.writeFile(f, episodes);
                bar.step(to - from);
            }
        }
        writer.finish();
        run.recordData(Map.of("dataset", Fingerprint.ofFolder(out, List.of(RunFolder.CONFIG, RunFolder.PROVENANCE))));
        run.finish();
        return out;
    }

    /** Every instruction, then "" for play frames that no language window covers (as CALVIN's unlabelled play). */
    public static List<String> vocabulary() {
        List<String> v = new java.util.ArrayList<>(Task.vocabulary());
        v.add("");
        return v;
    }
}
