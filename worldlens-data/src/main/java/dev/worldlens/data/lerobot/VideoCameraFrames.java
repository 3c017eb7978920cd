package dev.worldlens.data.lerobot;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;
import dev.worldlens.data.video.VideoFrame;
import dev.worldlens.data.video.VideoFrames;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One camera's frames of one episode, decoded from its mp4 in blocks of {@value #BLOCK} rows as they are asked for,
 * the last {@value #KEPT} blocks kept: consumers read an episode's frames in order (a clip reaches back into the block
 * before), decoding a block costs one seek (LeRobot writes a keyframe every 2 frames), and memory stays bounded
 * however long the episode: at 640x480, two blocks are 118 MB where a 5,000-frame episode would be 4.6 GB.
 */
final class VideoCameraFrames {
    static final int BLOCK = 64;
    static final int KEPT = 2;
    private final Path file;
    private final String feature;
    private final EpisodesCatalog.VideoRef ref;
    private final double[] timestamps;
    private final PngFrames.CameraInfo expected;
    private final double tolerance;
    private final int episode;
    /** Decoded blocks by their first row, least recently used first. */
    private final java.util.LinkedHashMap<Integer, RgbImage[]> blocks = new java.util.LinkedHashMap<>(4, 0.75f,
            true);

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
        int first = t - t % BLOCK;
        RgbImage[] block = blocks.get(first);
        if (block == null) {
            block = decode(first, Math.min(timestamps.length, first + BLOCK));
            blocks.put(first, block);
            if (blocks.size() > KEPT) {
                blocks.remove(blocks.keySet().iterator().next());
            }
        }
        return block[t - first];
    }

    private boolean wholeFile() {
        // v2.x: the whole file is the episode, so every frame counts; v3.0: frames in [from, to)
        return Double.isNaN(ref.toTimestamp());
    }

    /** The frames of the episode's span from {@code lo} to {@code hi} seconds, none of the next episode's. */
    private List<VideoFrame> span(double lo, double hi) {
        double end = wholeFile() ? Double.POSITIVE_INFINITY : ref.toTimestamp() - tolerance;
        // widen by the tolerance so a span that is itself a little off still gets the tolerance check below
        List<VideoFrame> decoded = new ArrayList<>(VideoFrames.decode(file, feature, lo - tolerance,
                Math.min(hi + tolerance, end), 0));
        if (!wholeFile()) {
            decoded.removeIf(f -> f.timestamp() >= end);
        }
        return decoded;
    }

    private RgbImage[] decode(int first, int end) {
        double from = ref.fromTimestamp();
        List<VideoFrame> decoded = span(from + timestamps[first], from + timestamps[end - 1]);
        RgbImage[] out = new RgbImage[end - first];
        for (int t = first; t < end; t++) {
            RgbImage image;
            try {
                image = VideoFrames.nearest(decoded, from + timestamps[t], tolerance, file).image();
            } catch (InvalidInputException e) {
                // a frame count that differs from the rows explains most misses: count the whole span to say so
                int frames = span(from, Double.POSITIVE_INFINITY).size();
                if (frames != timestamps.length) {
                    throw countMismatch(frames, timestamps.length, from, wholeFile());
                }
                throw new InvalidInputException(file, "timestamp", "feature " + feature + ", episode " + episode
                        + " frame " + t + ": " + e.getMessage().substring(e.getMessage().indexOf("requested")), e);
            }
            if (image.width() != expected.width() || image.height() != expected.height()) {
                throw new InvalidInputException(file, feature, "episode " + episode + " frame " + t + " is "
                        + image.width() + "x" + image.height() + " but meta/info.json says " + expected.width()
                        + "x" + expected.height());
            }
            out[t - first] = image;
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
