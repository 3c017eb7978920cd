package dev.worldlens.data;

import dev.worldlens.core.Dataset;
import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RunFolder;
import dev.worldlens.data.lerobot.LeRobotDatasetWriter;
import dev.worldlens.data.video.VideoWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any supported dataset written as LeRobot v3.0, file by file: the run folder's config names the input and its
 * fingerprint, so an interrupted conversion resumes after its last whole file.
 */
public final class DatasetConversion {
    private DatasetConversion() {
    }

    public static void toLeRobot(Dataset in, Path out, int perFile, Progress progress) {
        toLeRobot(in, out, perFile, null, progress);
    }

    /**
     * As {@link #toLeRobot(Dataset, Path, int, Progress)}, the cameras written as mp4 files in {@code video} (one per
     * camera and data file, LeRobot's layout) instead of PNG in the parquet when it is not null.
     */
    public static void toLeRobot(Dataset in, Path out, int perFile, VideoWriter.Codec video, Progress progress) {
        checkOutput(in.path(), out);
        EpisodeSource source = in.source();
        String fingerprint = in.fingerprint();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("in", in.path().toString());
        config.put("inFingerprint", fingerprint);
        config.put("episodesPerFile", perFile);
        if (video != null) {
            // absent for PNG, so that conversions made before videos existed still resume
            config.put("video", VideoWriter.Codec.class.getSimpleName() + "." + video.name());
        }
        if (source.size() == 0) {
            throw new InvalidInputException(in.path(), "episodes", "the dataset has no episode to convert");
        }
        RunFolder run = RunFolder.open(out, "data convert", config, 0);
        run.recordData(Map.of("in", fingerprint));
        LeRobotDatasetWriter writer = writerFor(source, out, perFile, video);
        int files = (source.size() + perFile - 1) / perFile;
        try (Progress.Bar bar = progress.start("convert", source.size(),
                Math.min((long) writer.completedFiles() * perFile, source.size()))) {
            for (int f = writer.completedFiles(); f < files; f++) {
                List<Episode> episodes = new ArrayList<>();
                for (int i = f * perFile; i < Math.min(source.size(), (f + 1) * perFile); i++) {
                    episodes.add(renumbered(source.episode(i), i));
                }
                writer.writeFile(f, episodes);
                bar.step(episodes.size());
            }
        }
        writer.finish();
        run.finish();
    }

    /**
     * The output may not be the input, lie inside it or hold it, and may only be a folder this command made (it
     * has config.yaml) or an empty one: files of another dataset would otherwise count as finished work.
     */
    static void checkOutput(Path in, Path out) {
        Path a = in.toAbsolutePath().normalize();
        Path b = out.toAbsolutePath().normalize();
        if (a.startsWith(b) || b.startsWith(a)) {
            throw new InvalidInputException(out, "out", "is the input dataset " + in + " or lies inside it or "
                    + "holds it; write the conversion to a folder of its own");
        }
        if (java.nio.file.Files.isDirectory(out) && !java.nio.file.Files.exists(out.resolve(RunFolder.CONFIG))) {
            try (var list = java.nio.file.Files.list(out)) {
                if (list.findAny().isPresent()) {
                    throw new InvalidInputException(out, "out", "holds files that no `data convert` made (it has "
                            + "no " + RunFolder.CONFIG + "); choose a new or empty folder");
                }
            } catch (java.io.IOException e) {
                throw new InvalidInputException(out, "out", "cannot be listed: " + e.getMessage(), e);
            }
        }
    }

    private static LeRobotDatasetWriter writerFor(EpisodeSource source, Path out, int perFile,
                                                  VideoWriter.Codec video) {
        Episode first = source.episode(0);
        LeRobotDatasetWriter.Builder b = LeRobotDatasetWriter.builder(out)
                .setFps((int) Math.round(first.fps()))
                .setActionSchema(first.actionSchema())
                .setStateNames(first.stateNames())
                .optEpisodesPerFile(perFile)
                .optGenerator("worldlens data convert " + source.name());
        for (String camera : first.frames().cameras()) {
            var frame = first.frames().frame(camera, 0);
            b.addCamera(camera, frame.width(), frame.height());
        }
        if (video != null) {
            b.optVideo(video);
        }
        return b.build();
    }

    /** LeRobot wants episode indices 0..N-1 in order, whatever the source numbered them. */
    private static Episode renumbered(Episode e, int index) {
        return new Episode(index, e.sceneId(), e.frames(), e.actions(), e.states(), e.actionSchema(),
                e.stateNames(), e.windows(), e.fps(), e.extras());
    }
}
