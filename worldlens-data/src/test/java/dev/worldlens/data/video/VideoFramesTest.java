package dev.worldlens.data.video;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VideoFramesTest {
    static final int FPS = 30;
    /** Mean |error| per channel allowed after a lossy yuv420p round trip of smooth test frames. */
    static final double MAX_MEAN_ABS_ERROR = 6.0;

    @TempDir
    Path dir;

    /** Frame i: a horizontal gradient whose colour and offset change with i, so frames are told apart. */
    static RgbImage pattern(int i, int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                rgb[p] = (byte) (40 + 12 * i);
                rgb[p + 1] = (byte) (30 + 128 * x / w + 2 * i); // gradients scaled to stay in 0..255
                rgb[p + 2] = (byte) (200 - 96 * y / h - 5 * i);
            }
        }
        return new RgbImage(w, h, rgb);
    }

    static double meanAbsError(RgbImage a, RgbImage b) {
        long sum = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            sum += Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
        }
        return (double) sum / a.rgb().length;
    }

    static List<RgbImage> writeVideo(Path file, VideoWriter.Codec codec, int n, int w, int h) {
        List<RgbImage> frames = new ArrayList<>();
        try (VideoWriter writer = VideoWriter.open(file, w, h, FPS, codec, 2)) {
            for (int i = 0; i < n; i++) {
                frames.add(pattern(i, w, h));
                writer.write(frames.get(i));
            }
        }
        return frames;
    }

    @Test
    void writesAndDecodesEveryFrameWithItsTimestamp() {
        System.out.println("encoders in the bundled FFmpeg: " + VideoWriter.availableEncoders());
        Path file = dir.resolve("clip.mp4");
        List<RgbImage> source = writeVideo(file, VideoWriter.Codec.H264, 16, 32, 32);
        List<VideoFrame> frames = VideoFrames.decode(file, "video");
        assertEquals(16, frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(i / (double) FPS, frames.get(i).timestamp(), 1e-5, "timestamp of frame " + i);
            double err = meanAbsError(source.get(i), frames.get(i).image());
            assertTrue(err < MAX_MEAN_ABS_ERROR, "frame " + i + " mean abs error " + err);
        }
    }

    @Test
    void randomAccessSeeksAndPicksTheNearestFrame() {
        Path file = dir.resolve("clip.mp4");
        List<RgbImage> source = writeVideo(file, VideoWriter.Codec.H264, 16, 32, 32);
        RgbImage f11 = VideoFrames.frameAt(file, 11 / (double) FPS);
        assertTrue(meanAbsError(source.get(11), f11) < MAX_MEAN_ABS_ERROR);
        assertTrue(meanAbsError(source.get(10), f11) > meanAbsError(source.get(11), f11));
        List<VideoFrame> window = VideoFrames.decode(file, "video", 5 / (double) FPS, 8 / (double) FPS, 0);
        assertEquals(4, window.size());
        assertEquals(5 / (double) FPS, window.get(0).timestamp(), 1e-5);
    }

    @Test
    void timestampBeyondToleranceIsAnError() {
        Path file = dir.resolve("clip.mp4");
        writeVideo(file, VideoWriter.Codec.H264, 16, 32, 32);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> VideoFrames.frameAt(file, 3 / (double) FPS + 0.005));
        assertTrue(e.getMessage().contains("clip.mp4") && e.getMessage().contains("timestamp")
                && e.getMessage().contains("tolerance"), e.getMessage());
    }

    @Test
    void truncatedFileIsAnErrorNamingIt() throws IOException {
        Path file = dir.resolve("clip.mp4");
        writeVideo(file, VideoWriter.Codec.H264, 16, 32, 32);
        Path cut = dir.resolve("cut.mp4");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> VideoFrames.decode(cut, "cam"));
        assertTrue(e.getMessage().contains("cut.mp4") && e.getMessage().contains("cam"), e.getMessage());
    }

    @Test
    void writesAv1WhenTheBuildHasAnEncoder() {
        Path file = dir.resolve("av1.mp4");
        List<RgbImage> source;
        try (VideoWriter writer = VideoWriter.open(file, 64, 64, FPS, VideoWriter.Codec.AV1, 2)) {
            System.out.println("AV1 written with " + writer.encoder());
            assertTrue(writer.encoder().startsWith("lib"), writer.encoder());
            source = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                source.add(pattern(i, 64, 64));
                writer.write(source.get(i));
            }
        }
        List<VideoFrame> frames = VideoFrames.decode(file, "video");
        assertEquals(8, frames.size());
        for (int i = 0; i < 8; i++) {
            double err = meanAbsError(source.get(i), frames.get(i).image());
            assertTrue(err < MAX_MEAN_ABS_ERROR, "AV1 frame " + i + " mean abs error " + err);
        }
    }

    /** Clips made by Debian's ffmpeg (libx264, libaom-av1, libsvtav1) with make-video-fixtures.sh. */
    @Test
    void decodesRealEncoderOutput() throws IOException {
        for (String name : List.of("h264-32x32-15f.mp4", "av1-libaom-32x32-15f.mp4", "av1-svt-64x64-15f.mp4")) {
            Path file = dir.resolve(name);
            try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
                Files.copy(in, file);
            }
            List<VideoFrame> frames = VideoFrames.decode(file, "video");
            assertEquals(15, frames.size(), name);
            for (int i = 0; i < frames.size(); i++) {
                assertEquals(i / 30.0, frames.get(i).timestamp(), 1e-4, name + " frame " + i);
                RgbImage img = frames.get(i).image();
                int cx = img.width() / 2;
                int cy = img.height() / 2;
                // the source colour is 0x3366cc; yuv420p limited range costs a few levels
                assertEquals(0x33, img.red(cx, cy), 8, name);
                assertEquals(0x66, img.green(cx, cy), 8, name);
                assertEquals(0xcc, img.blue(cx, cy), 8, name);
            }
        }
    }
}
