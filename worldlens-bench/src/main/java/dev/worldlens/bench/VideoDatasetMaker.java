package dev.worldlens.bench;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.FrameSource;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RgbImage;
import dev.worldlens.data.lerobot.LeRobotDatasetWriter;
import dev.worldlens.data.video.VideoWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A LeRobot v3.0 dataset of two cameras stored as video at a real robot camera's size (640x480 by default), for
 * measuring how reading, encoding and probing scale with the episode count: each frame is a moving pattern made on
 * the fly, so making the dataset holds one frame at a time, and the actions are the pattern's motion.
 *
 * @param episodesPerFile episodes per data file and per mp4 (LeRobot concatenates episodes the same way)
 */
public record VideoDatasetMaker(int episodes, int frames, int width, int height, VideoWriter.Codec codec,
                                int episodesPerFile) {
    public static final List<String> CAMERAS = List.of("front", "wrist");
    private static final ActionSchema ACTIONS = ActionSchema.fromLabels(List.of("dx", "dy"),
            List.of("translation", "translation"));
    private static final int FPS = 30;

    public VideoDatasetMaker {
        if (episodes < 1 || frames < 1 || width < 16 || height < 16 || episodesPerFile < 1) {
            throw new IllegalArgumentException("need episodes, frames and episodes per file >= 1 and a size of at "
                    + "least 16x16; got " + episodes + ", " + frames + ", " + width + "x" + height + ", "
                    + episodesPerFile);
        }
    }

    /** Writes the dataset under {@code out} (resuming after its last whole file), counted on a bar "write". */
    public Path write(Path out, Progress progress) {
        LeRobotDatasetWriter.Builder b = LeRobotDatasetWriter.builder(out).setFps(FPS).setActionSchema(ACTIONS)
                .setStateNames(List.of()).optEpisodesPerFile(episodesPerFile).optVideo(codec)
                .optGenerator("worldlens bench video-dataset " + this);
        CAMERAS.forEach(c -> b.addCamera(c, width, height));
        LeRobotDatasetWriter writer = b.build();
        int files = (episodes + episodesPerFile - 1) / episodesPerFile;
        try (Progress.Bar bar = progress.start("write", episodes, Math.min(episodes,
                (long) writer.completedFiles() * episodesPerFile))) {
            for (int f = writer.completedFiles(); f < files; f++) {
                List<Episode> list = new ArrayList<>();
                for (int e = f * episodesPerFile; e < Math.min(episodes, (f + 1) * episodesPerFile); e++) {
                    list.add(episode(e));
                }
                writer.writeFile(f, list);
                bar.step(list.size());
            }
        }
        writer.finish();
        return out;
    }

    private Episode episode(int e) {
        float[][] actions = new float[frames][];
        for (int t = 0; t < frames; t++) {
            actions[t] = new float[]{dx(e), dy(e)};
        }
        FrameSource source = new FrameSource() {
            @Override
            public List<String> cameras() {
                return CAMERAS;
            }

            @Override
            public int length() {
                return frames;
            }

            @Override
            public RgbImage frame(String camera, int t) {
                return pattern(e, t, CAMERAS.indexOf(camera));
            }
        };
        return new Episode(e, "", source, actions, new float[frames][0], ACTIONS, List.of(),
                List.of(new LanguageWindow(0, frames, "move", "move the pattern")), FPS, Map.of());
    }

    private static float dx(int e) {
        return (e % 5) - 2;
    }

    private static float dy(int e) {
        return (e % 3) - 1;
    }

    /** A smooth pattern shifted by the episode's motion each frame, different per camera. */
    private RgbImage pattern(int e, int t, int camera) {
        byte[] rgb = new byte[width * height * 3];
        int ox = (int) (dx(e) * t) + 17 * e;
        int oy = (int) (dy(e) * t) + 11 * e;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = (y * width + x) * 3;
                int u = x + ox;
                int v = y + oy;
                rgb[p] = (byte) (128 + 100 * Math.sin(u * 0.05 + camera));
                rgb[p + 1] = (byte) (128 + 100 * Math.cos(v * 0.04));
                rgb[p + 2] = (byte) (((u / 32 + v / 32) & 1) * 120 + 60);
            }
        }
        return new RgbImage(width, height, rgb);
    }
}
