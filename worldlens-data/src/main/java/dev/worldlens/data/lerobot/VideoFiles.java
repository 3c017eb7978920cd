package dev.worldlens.data.lerobot;

import dev.worldlens.core.Episode;
import dev.worldlens.data.video.VideoWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * The mp4 files of one data file's episodes, one per camera, the episodes one after another as LeRobot v3.0
 * concatenates them: episode k of the file starts at the frames before it divided by fps, its
 * {@code videos/<key>/from_timestamp}. A file is written under a temporary name and renamed when whole, so a killed
 * writer leaves no truncated video under the name LeRobot reads.
 */
final class VideoFiles {
    /** LeRobot's keyframe interval ({@code g=2} in its VideoEncoderConfig): any frame is at most one frame away. */
    static final int GOP = 2;

    private VideoFiles() {
    }

    static Path file(Path root, String videoKey, int fileIndex) {
        return root.resolve(LeRobotLayout.format(LeRobotLayout.VIDEO_PATH, Map.of("video_key", videoKey,
                "chunk_index", fileIndex / LeRobotLayout.CHUNKS_SIZE,
                "file_index", fileIndex % LeRobotLayout.CHUNKS_SIZE)));
    }

    /** Writes every camera's mp4 for data file {@code fileIndex}, holding {@code episodes} in order. */
    static void write(Path root, WriterSpec spec, int fileIndex, List<Episode> episodes) {
        for (WriterSpec.Camera cam : spec.cameras()) {
            Path target = file(root, cam.featureKey(), fileIndex);
            Path tmp = target.resolveSibling("." + target.getFileName() + ".partial.mp4");
            try {
                Files.createDirectories(target.getParent());
                encode(tmp, cam, spec, episodes);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the next run replaces it
                }
            }
        }
    }

    private static void encode(Path tmp, WriterSpec.Camera cam, WriterSpec spec, List<Episode> episodes) {
        String wanted = spec.video().streamName();
        try (VideoWriter video = VideoWriter.open(tmp, cam.width(), cam.height(), spec.fps(), spec.video(), GOP)) {
            // the writer falls back to mpeg4 when a codec is missing; a dataset must hold what info.json says
            if (!video.codec().equals(wanted)) {
                throw new IllegalStateException("this FFmpeg build has no " + wanted + " encoder (it has "
                        + VideoWriter.availableEncoders() + "); choose another video codec");
            }
            for (Episode e : episodes) {
                for (int t = 0; t < e.length(); t++) {
                    var image = e.frames().frame(cam.name(), t);
                    if (image.width() != cam.width() || image.height() != cam.height()) {
                        throw new IllegalArgumentException("episode " + e.index() + ": camera '" + cam.name()
                                + "' frame " + t + " is " + image.width() + "x" + image.height() + ", expected "
                                + cam.width() + "x" + cam.height());
                    }
                    video.write(image);
                }
            }
        }
    }
}
