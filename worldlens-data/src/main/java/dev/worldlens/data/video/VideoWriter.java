package dev.worldlens.data.video;

import dev.worldlens.core.RgbImage;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes RGB frames to an mp4 (yuv420p) with the bundled FFmpeg: frame i gets timestamp i / fps, as LeRobot
 * records. Which encoders exist depends on the FFmpeg build (see {@link #availableEncoders()}); the LGPL build
 * that org.bytedeco:ffmpeg ships has no libx264, so H.264 falls back to libopenh264 and then to mpeg4.
 */
public final class VideoWriter implements AutoCloseable {
    static {
        // the encoders describe every stream they open on stderr; failures reach the caller as exceptions
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /** What to encode with; each lists encoder names in order of preference. */
    public enum Codec {
        H264("libx264", "libopenh264", "h264"),
        AV1("libsvtav1", "libaom-av1", "librav1e", "av1"),
        MPEG4("mpeg4");

        private final List<String> encoders;

        Codec(String... encoders) {
            this.encoders = List.of(encoders);
        }

        /** The stream's codec as FFmpeg names it ("av1", "h264", "mpeg4"), which LeRobot records as video.codec. */
        public String streamName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * A codec a LeRobot dataset may hold, by the name info.json gives it: av1 or h264.
         *
         * @throws dev.worldlens.core.InvalidInputException (field "video") for any other name
         */
        public static Codec parse(String name) {
            return switch (name == null ? "" : name.toLowerCase(java.util.Locale.ROOT)) {
                case "av1" -> AV1;
                case "h264" -> H264;
                default -> throw new dev.worldlens.core.InvalidInputException("video", "expected av1 or h264, got '"
                        + name + "'");
            };
        }
    }

    private final FFmpegFrameRecorder recorder;
    private final String encoder;
    private final int width;
    private final int height;

    private VideoWriter(FFmpegFrameRecorder recorder, String encoder, int width, int height) {
        this.recorder = recorder;
        this.encoder = encoder;
        this.width = width;
        this.height = height;
    }

    /**
     * Opens a writer, choosing the first encoder of {@code codec} this FFmpeg has, or mpeg4 when it has none.
     *
     * @param gop keyframe interval in frames (LeRobot uses 2 for cheap random access)
     */
    public static VideoWriter open(Path file, int width, int height, int fps, Codec codec, int gop) {
        List<String> failures = new ArrayList<>();
        for (String encoder : candidates(codec)) {
            FFmpegFrameRecorder r = recorder(file, width, height, fps, gop, encoder);
            try {
                r.start();
                return new VideoWriter(r, encoder, width, height);
            } catch (FrameRecorder.Exception e) {
                // an encoder can exist yet refuse the settings (libsvtav1 below 64x64): try the next one
                failures.add(encoder + ": " + e.getMessage());
                try {
                    r.release();
                } catch (FrameRecorder.Exception ignored) {
                    // nothing was written
                }
            }
        }
        throw new UncheckedIOException(new IOException("no encoder could write " + file + ": " + failures));
    }

    private static FFmpegFrameRecorder recorder(Path file, int width, int height, int fps, int gop, String encoder) {
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
        r.setFormat("mp4");
        r.setVideoCodecName(encoder);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(fps);
        r.setGopSize(gop);
        // JavaCV defaults to 400 kb/s, which SVT-AV1 refuses in CRF mode and which would override crf elsewhere
        r.setVideoBitrate(0);
        Map<String, String> options = options(encoder);
        if (options.containsKey("bitrate")) {
            r.setVideoBitrate(Integer.parseInt(options.get("bitrate")) * width * height / 1024);
        } else if (options.containsKey("qscale")) {
            r.setVideoQuality(Double.parseDouble(options.get("qscale")));
        }
        options.forEach((k, v) -> {
            if (k.equals("crf") || k.equals("preset") || k.equals("cpu-used")) {
                r.setVideoOption(k, v);
            }
        });
        return r;
    }

    /**
     * The settings an encoder is given: crf and preset (or cpu-used) where it has them, else a bitrate per 1024
     * pixels or a fixed quantiser. Quality is above LeRobot's crf 30, since the frames are then measured.
     */
    public static Map<String, String> options(String encoder) {
        return switch (encoder) {
            case "libx264" -> Map.of("crf", "12", "preset", "veryfast");
            case "libopenh264" -> Map.of("bitrate", "8000");
            case "libaom-av1" -> Map.of("crf", "20", "cpu-used", "8");
            case "libsvtav1" -> Map.of("crf", "20", "preset", "10");
            case "mpeg4" -> Map.of("qscale", "2"); // near-lossless for the tiny fixtures
            default -> Map.of("qscale", "20");
        };
    }

    /** This build's encoders for codec in order of preference, then mpeg4 as the last resort. */
    private static List<String> candidates(Codec codec) {
        List<String> out = new ArrayList<>();
        for (String name : codec.encoders) {
            if (avcodec.avcodec_find_encoder_by_name(name) != null) {
                out.add(name);
            }
        }
        if (!out.contains("mpeg4")) {
            out.add("mpeg4");
        }
        return out;
    }

    /** The encoder names of every {@link Codec} that this FFmpeg build has. */
    public static List<String> availableEncoders() {
        List<String> out = new ArrayList<>();
        for (Codec c : Codec.values()) {
            for (String name : c.encoders) {
                if (!out.contains(name) && avcodec.avcodec_find_encoder_by_name(name) != null) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /**
     * The codec this writer encodes, by the name FFmpeg gives the stream ("av1", "h264", "mpeg4"), which is what
     * LeRobot records as {@code video.codec} in info.json.
     */
    public String codec() {
        for (Codec c : Codec.values()) {
            if (c.encoders.contains(encoder)) {
                return c.streamName();
            }
        }
        return encoder;
    }

    /** The encoder {@link #open} tries first for codec. */
    public static String pick(Codec codec) {
        return candidates(codec).get(0);
    }

    public String encoder() {
        return encoder;
    }

    public void write(RgbImage image) {
        if (image.width() != width || image.height() != height) {
            throw new IllegalArgumentException("frame is " + image.width() + "x" + image.height() + ", the video is "
                    + width + "x" + height);
        }
        try {
            recorder.recordImage(width, height, Frame.DEPTH_UBYTE, 3, width * 3, avutil.AV_PIX_FMT_RGB24,
                    ByteBuffer.wrap(image.rgb()));
        } catch (FrameRecorder.Exception e) {
            throw new UncheckedIOException(new IOException("encoding failed: " + e.getMessage(), e));
        }
    }

    @Override
    public void close() {
        try {
            recorder.stop();
            recorder.release();
        } catch (FrameRecorder.Exception e) {
            throw new UncheckedIOException(new IOException("cannot finish the video: " + e.getMessage(), e));
        }
    }
}
