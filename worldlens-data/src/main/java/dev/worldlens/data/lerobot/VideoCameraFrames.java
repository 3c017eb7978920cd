package dev.worldlens.data.lerobot;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;
import dev.worldlens.data.video.VideoFrame;
import dev.worldlens.data.video.VideoFrames;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One camera's frames of one episode, decoded from its mp4 on first access and then kept: consumers read an
 * episode's frames in order, and decoding the episode's span once is far cheaper than seeking per frame.
 */
final class VideoCameraFrames {
    private final Path file;
    private final String feature;
    private final EpisodesCatalog.VideoRef ref;
    private final double[] timestamps;
    private final PngFrames.CameraInfo expected;
    private final double tolerance;
    private final int episode;
    private RgbImage[] frames;

    /**
     * @param timestamps the episode's "timestamp" column; row t shows the frame at ref.fromTimestamp + timestamps[t]
     */
    VideoCameraFrames(Path file, String feature, EpisodesCatalog.VideoRef ref, double[] timestamps,
                      PngFrames.CameraInfo expected, double tolerance, int episode) {
        this.file = file;
        this.feature = feature;
        this.ref = ref;
        this.timestamps = timestamps;
        this.expected = expected;
        this.tolerance = tolerance;
        this.episode = episode;
    }

    synchronized RgbImage frame(int t) {
        if (frames == null) {
            frames = decode();
        }
        return frames[t];
    }

    private RgbImage[] decode() {
        int n = timestamps.length;
        double from = ref.fromTimestamp();
        // v2.x: the whole file is the episode, so every frame counts; v3.0: frames in [from, to)
        boolean wholeFile = Double.isNaN(ref.toTimestamp());
        double to = wholeFile ? Double.POSITIVE_INFINITY : ref.toTimestamp() - tolerance;
        // widen by the tolerance so a span that is itself a little off still gets the tolerance check below
        List<VideoFrame> decoded = new ArrayList<>(VideoFrames.decode(file, feature, from - tolerance, to, 0));
        if (!wholeFile) {
            decoded.removeIf(f -> f.timestamp() >= to);
        }
        RgbImage[] out = new RgbImage[n];
        for (int t = 0; t < n; t++) {
            RgbImage image;
            try {
                image = VideoFrames.nearest(decoded, from + timestamps[t], tolerance, file).image();
            } catch (InvalidInputException e) {
                if (decoded.size() != n) {
                    throw countMismatch(decoded.size(), n, from, wholeFile);
                }
                throw new InvalidInputException(file, "timestamp", "feature " + feature + ", episode " + episode
                        + " frame " + t + ": " + e.getMessage().substring(e.getMessage().indexOf("requested")), e);
            }
            if (image.width() != expected.width() || image.height() != expected.height()) {
                throw new InvalidInputException(file, feature, "episode " + episode + " frame " + t + " is "
                        + image.width() + "x" + image.height() + " but meta/info.json says " + expected.width()
                        + "x" + expected.height());
            }
            out[t] = image;
        }
        // extra frames in the span are no error: LeRobot checks only that every row's timestamp has a frame
        return out;
    }

    private InvalidInputException countMismatch(int frames, int rows, double from, boolean wholeFile) {
        return new InvalidInputException(file, feature, "episode " + episode + ": the video holds " + frames
                + " frames for it" + (wholeFile ? "" : String.format(" (%.4f s to %.4f s)", from,
                ref.toTimestamp())) + " but the data has " + rows + " rows");
    }
}
