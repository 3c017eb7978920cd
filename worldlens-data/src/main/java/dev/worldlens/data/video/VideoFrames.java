package dev.worldlens.data.video;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes mp4 video (H.264, AV1, anything the bundled FFmpeg reads) to RGB frames with their timestamps, and picks
 * the frame for a requested timestamp the way LeRobot does: nearest decoded frame by |t - pts|, an error past the
 * tolerance. AV1 goes to the system libdav1d when there is one ({@link #av1Decoder()}; faster than the bundled
 * FFmpeg's libaom, same RGB), with FFmpeg still demuxing; everything else, and AV1 without libdav1d, to FFmpeg.
 */
public final class VideoFrames {
    /** LeRobot's default tolerance_s. */
    public static final double DEFAULT_TOLERANCE_S = 1e-4;

    static {
        // FFmpeg's own stderr chatter ("moov atom not found") would duplicate our exception messages
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
    }

    private VideoFrames() {
    }

    /** Every frame of the file in presentation order. */
    public static List<VideoFrame> decode(Path file, String field) {
        return decode(file, field, 0, Double.POSITIVE_INFINITY, 0);
    }

    /**
     * Frames whose timestamps lie in [from - margin, to + margin]: seeks to the nearest keyframe at or before
     * {@code from} and decodes forward, so random access costs at most one GOP of extra decoding.
     *
     * @param field named in errors (the dataset feature the video belongs to)
     * @param threads decoder threads; 0 lets the decoder choose (FFmpeg its default, dav1d one per core)
     */
    public static List<VideoFrame> decode(Path file, String field, double from, double to, int threads) {
        return decode(file, field, from, to, threads, true);
    }

    /** @param dav1dAllowed false keeps AV1 on FFmpeg's libaom (for comparing the two decoders) */
    static List<VideoFrame> decode(Path file, String field, double from, double to, int threads,
                                   boolean dav1dAllowed) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, field, "video file not found");
        }
        double margin = DEFAULT_TOLERANCE_S;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            if (threads > 0) {
                g.setVideoOption("threads", Integer.toString(threads));
            }
            g.start();
            if (g.getLengthInVideoFrames() <= 0 && g.getImageWidth() <= 0) {
                throw new InvalidInputException(file, field, "no video stream");
            }
            List<VideoFrame> out;
            if (dav1dAllowed && useDav1d(g)) {
                try (Dav1dDecoder dav1d = new Dav1dDecoder(file, field, threads)) {
                    out = dav1d.decode(g, from - margin, from - margin, to + margin);
                }
            } else {
                out = decodeWithFfmpeg(g, from, to, margin);
            }
            g.stop();
            return out;
        } catch (FrameGrabber.Exception e) {
            throw new InvalidInputException(file, field, "cannot decode the video (truncated or not an mp4?): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Which decoder AV1 streams get: "libdav1d 1.0.0 (system)" when the system library is used, else
     * "libaom-av1 (bundled FFmpeg)" with the reason dav1d is not used.
     */
    public static String av1Decoder() {
        return Dav1dLibrary.available() ? "libdav1d " + Dav1dLibrary.version() + " (system)"
                : "libaom-av1 (bundled FFmpeg; " + Dav1dLibrary.problem() + ")";
    }

    /** AV1 in a pixel format the dav1d path converts (8-bit 4:2:0, 4:2:2, 4:4:4), and libdav1d is there. */
    private static boolean useDav1d(FFmpegFrameGrabber g) {
        if (g.getVideoCodec() != avcodec.AV_CODEC_ID_AV1 || !Dav1dLibrary.available()) {
            return false;
        }
        int format = g.getFormatContext().streams(g.getVideoStream()).codecpar().format();
        return format == avutil.AV_PIX_FMT_YUV420P || format == avutil.AV_PIX_FMT_YUV422P
                || format == avutil.AV_PIX_FMT_YUV444P;
    }

    /** FFmpeg decodes (libaom-av1 for AV1, its own decoders for the rest) and swscale converts to RGB. */
    private static List<VideoFrame> decodeWithFfmpeg(FFmpegFrameGrabber g, double from, double to, double margin)
            throws FrameGrabber.Exception {
        if (from > 0) {
            // land a little early: JavaCV's seek decodes forward to the requested time and we filter anyway
            double early = Math.max(0, from - 2.0 / Math.max(1.0, g.getFrameRate()));
            g.setVideoTimestamp(Math.round(early * 1e6));
        }
        List<VideoFrame> out = new ArrayList<>();
        Frame f;
        while ((f = g.grabImage()) != null) {
            double t = f.timestamp / 1e6;
            if (t > to + margin) {
                break;
            }
            if (t >= from - margin) {
                out.add(new VideoFrame(t, toRgb(f)));
            }
        }
        return out;
    }

    /** The decoded frame nearest to {@code timestamp}; an error naming the file when it is further than tolerance. */
    public static VideoFrame nearest(List<VideoFrame> frames, double timestamp, double tolerance, Path file) {
        VideoFrame best = null;
        for (VideoFrame f : frames) {
            if (best == null || Math.abs(f.timestamp() - timestamp) < Math.abs(best.timestamp() - timestamp)) {
                best = f;
            }
        }
        if (best == null) {
            throw new InvalidInputException(file, "timestamp", "requested " + timestamp + " s but no frame was "
                    + "decoded near it (tolerance " + tolerance + " s)");
        }
        if (Math.abs(best.timestamp() - timestamp) > tolerance) {
            throw new InvalidInputException(file, "timestamp", String.format("requested %.6f s, nearest frame is "
                    + "at %.6f s (%.6f s away), tolerance %s s", timestamp, best.timestamp(),
                    Math.abs(best.timestamp() - timestamp), tolerance));
        }
        return best;
    }

    /** Random access to one frame: seek, decode forward, pick the nearest within tolerance. */
    public static RgbImage frameAt(Path file, double timestamp, double tolerance) {
        double window = Math.max(tolerance, 0.5);
        List<VideoFrame> frames = decode(file, "timestamp", timestamp - window, timestamp + window, 0);
        return nearest(frames, timestamp, tolerance, file).image();
    }

    public static RgbImage frameAt(Path file, double timestamp) {
        return frameAt(file, timestamp, DEFAULT_TOLERANCE_S);
    }

    /** Copies an RGB24 frame row by row: FFmpeg may pad each row to an aligned stride. */
    static RgbImage toRgb(Frame f) {
        int w = f.imageWidth;
        int h = f.imageHeight;
        ByteBuffer buf = (ByteBuffer) f.image[0];
        int stride = f.imageStride;
        byte[] rgb = new byte[w * h * 3];
        if (stride == w * 3) {
            buf.duplicate().position(0).get(rgb);
        } else {
            ByteBuffer src = buf.duplicate();
            for (int y = 0; y < h; y++) {
                src.position(y * stride);
                src.get(rgb, y * w * 3, w * 3);
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /** Routes FFmpeg's and dav1d's logs to stderr, for debugging a file that will not decode. */
    public static void verboseLogging() {
        Dav1dDecoder.logToStderr = true;
        avutil.av_log_set_level(avutil.AV_LOG_INFO);
        FFmpegLogCallback.set();
    }
}
