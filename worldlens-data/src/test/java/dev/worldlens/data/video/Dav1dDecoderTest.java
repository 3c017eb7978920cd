package dev.worldlens.data.video;

import dev.worldlens.core.InvalidInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The libdav1d path against the libaom path on the committed AV1 fixtures. Every test skips where the system has no
 * usable libdav1d (Debian: apt-get install libdav1d6, which the ffmpeg package pulls in).
 */
class Dav1dDecoderTest {
    /**
     * Allowed RGB difference from the libaom path (per frame mean |diff|, and any channel of any pixel). The
     * conversion copies swscale's arithmetic: measured 0 and 0 for 4:2:0 and 4:2:2, at most 0.003 and 1 for 4:4:4.
     */
    static final double MAX_MEAN_ABS_DIFF = 1.0;
    static final int MAX_ABS_DIFF = 3;
    static final List<String> FIXTURES = List.of("av1-svt-64x64-15f.mp4", "av1-libaom-32x32-15f.mp4",
            "av1-libaom-yuv420p-66x48-15f.mp4", "av1-libaom-yuv422p-66x48-15f.mp4",
            "av1-libaom-yuv444p-66x48-15f.mp4");

    @TempDir
    Path dir;

    @BeforeEach
    void needsDav1d() {
        assumeTrue(Dav1dLibrary.available(), "no libdav1d: " + Dav1dLibrary.problem());
    }

    Path fixture(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void reportsTheSystemLibrary() {
        String decoder = VideoFrames.av1Decoder();
        System.out.println("AV1 decoder: " + decoder);
        assertTrue(decoder.startsWith("libdav1d 1.") && decoder.endsWith("(system)"), decoder);
    }

    @Test
    void matchesLibaomFrameForFrame() throws IOException {
        for (String name : FIXTURES) {
            Path file = fixture(name);
            List<VideoFrame> dav1d = VideoFrames.decode(file, "video", 0, Double.POSITIVE_INFINITY, 0, true);
            List<VideoFrame> aom = VideoFrames.decode(file, "video", 0, Double.POSITIVE_INFINITY, 0, false);
            assertSame(name, aom, dav1d);
        }
    }

    @Test
    void rangeDecodeSeeksToTheKeyframeAndKeepsTimestamps() throws IOException {
        Path file = fixture("av1-svt-64x64-15f.mp4");
        for (double[] range : new double[][] {{5 / 30.0, 8 / 30.0}, {6 / 30.0, 6 / 30.0}, {13 / 30.0, 20 / 30.0}}) {
            List<VideoFrame> dav1d = VideoFrames.decode(file, "video", range[0], range[1], 0, true);
            List<VideoFrame> aom = VideoFrames.decode(file, "video", range[0], range[1], 0, false);
            assertTrue(!dav1d.isEmpty());
            assertEquals(range[0], dav1d.get(0).timestamp(), 1e-5);
            assertSame("range " + range[0] + ".." + range[1], aom, dav1d);
        }
        // and the nearest-frame lookup the LeRobot reader uses
        assertEquals(0, meanAbsDiff(VideoFrames.decode(file, "video", 0, 1, 0, false).get(11),
                new VideoFrame(11 / 30.0, VideoFrames.frameAt(file, 11 / 30.0))));
    }

    @Test
    void corruptFrameDataIsAnErrorNamingFileAndField() throws IOException {
        Path file = fixture("av1-svt-64x64-15f.mp4");
        byte[] bytes = Files.readAllBytes(file);
        // keep the boxes (so FFmpeg still opens the file) and overwrite the later part of the frame data
        int mdat = findBox(bytes, "mdat");
        int size = ByteBuffer.wrap(bytes, mdat, 4).getInt();
        for (int i = mdat + 8 + (size - 8) / 3; i < mdat + size; i++) {
            bytes[i] = (byte) (i % 2 == 0 ? 0x00 : 0xff);
        }
        Path corrupt = dir.resolve("corrupt.mp4");
        Files.write(corrupt, bytes);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> VideoFrames.decode(corrupt, "observation.images.top"));
        assertTrue(e.getMessage().contains("corrupt.mp4") && e.getMessage().contains("observation.images.top")
                && e.getMessage().contains("dav1d"), e.getMessage());
    }

    @Test
    void truncatedFileIsAnErrorNamingFileAndField() throws IOException {
        Path file = fixture("av1-svt-64x64-15f.mp4");
        Path cut = dir.resolve("cut.mp4");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> VideoFrames.decode(cut, "cam"));
        assertTrue(e.getMessage().contains("cut.mp4") && e.getMessage().contains("cam"), e.getMessage());
    }

    /** Same timestamps (exactly: both truncate pts x time_base to microseconds) and RGB within the tolerance. */
    static void assertSame(String what, List<VideoFrame> expected, List<VideoFrame> actual) {
        assertEquals(expected.size(), actual.size(), what + ": frame count");
        double worstMean = 0;
        int worst = 0;
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).timestamp(), actual.get(i).timestamp(), 0.0, what + ": timestamp " + i);
            worstMean = Math.max(worstMean, meanAbsDiff(expected.get(i), actual.get(i)));
            byte[] a = expected.get(i).image().rgb();
            byte[] b = actual.get(i).image().rgb();
            for (int k = 0; k < a.length; k++) {
                worst = Math.max(worst, Math.abs((a[k] & 0xff) - (b[k] & 0xff)));
            }
        }
        System.out.printf("%s: %d frames, dav1d vs libaom RGB: worst frame mean |diff| %.4f, max |diff| %d%n", what,
                expected.size(), worstMean, worst);
        assertTrue(worstMean <= MAX_MEAN_ABS_DIFF, what + ": mean |diff| " + worstMean);
        assertTrue(worst <= MAX_ABS_DIFF, what + ": max |diff| " + worst);
    }

    static double meanAbsDiff(VideoFrame a, VideoFrame b) {
        return VideoFramesTest.meanAbsError(a.image(), b.image());
    }

    /** Offset of the first top-level mp4 box of this type. */
    static int findBox(byte[] mp4, String type) {
        int at = 0;
        while (at + 8 <= mp4.length) {
            int size = ByteBuffer.wrap(mp4, at, 4).getInt();
            if (new String(mp4, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals(type)) {
                return at;
            }
            at += size;
        }
        throw new IllegalArgumentException("no " + type + " box");
    }
}
