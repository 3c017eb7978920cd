package dev.worldlens.data.video;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.worldlens.data.video.Dav1dLibrary.*;

/**
 * Decodes the AV1 stream of a started {@link FFmpegFrameGrabber} with libdav1d: FFmpeg demuxes (grabPacket), dav1d
 * decodes, {@link YuvToRgb} converts. Frames get the timestamps the FFmpeg path gives them (pts x time_base,
 * truncated to whole microseconds as JavaCV does), so LeRobot's nearest-frame lookup sees no difference.
 *
 * <p>The native structs are allocated once per decoder and reused; per frame there are a handful of JNA calls
 * (send, get, one bulk read per plane, unref), never one per pixel.
 */
final class Dav1dDecoder implements AutoCloseable {
    /** Set by {@link VideoFrames#verboseLogging()}: leave dav1d's own stderr logger on. */
    static volatile boolean logToStderr;
    /** Attempts at handing one packet to dav1d before calling it stuck (each attempt first takes a picture out). */
    private static final int MAX_SEND_ATTEMPTS = 64;

    private final Path file;
    private final String field;
    private final Memory contextHolder = new Memory(8);
    private final Pointer context;
    private final Memory data = new Memory(STRUCT_BYTES);
    private final Memory picture = new Memory(STRUCT_BYTES);
    /** A Java view of the picture struct's leading fields: reading them costs no JNA call. */
    private final ByteBuffer pictureHeader;
    private byte[] packetBytes = new byte[0];
    private byte[] yPlane = new byte[0];
    private byte[] uPlane = new byte[0];
    private byte[] vPlane = new byte[0];
    private final YuvToRgb converter;
    /** Stream time base; pts x num / den is seconds. */
    private long timeBaseNum = 1;
    private long timeBaseDen = 1;

    /** @param threads dav1d worker threads; 0 lets dav1d use every core */
    Dav1dDecoder(Path file, String field, int threads) {
        if (!Dav1dLibrary.available()) {
            throw new IllegalStateException("libdav1d is not available: " + Dav1dLibrary.problem());
        }
        this.file = file;
        this.field = field;
        this.converter = new YuvToRgb(threads);
        Memory settings = new Memory(STRUCT_BYTES);
        settings.clear();
        dav1d_default_settings(settings);
        settings.setInt(SETTINGS_N_THREADS, Math.max(0, threads));
        // 0: dav1d picks the frame-thread depth from n_threads, as FFmpeg's libdav1d wrapper asks unless low-delay
        settings.setInt(SETTINGS_MAX_FRAME_DELAY, 0);
        if (!logToStderr) {
            // dav1d prints "Error parsing OBU data" and the like; our exception already says it, with the file
            settings.setPointer(SETTINGS_LOGGER_CALLBACK, null);
        }
        contextHolder.clear();
        data.clear();
        picture.clear();
        int result = dav1d_open(contextHolder, settings);
        if (result < 0) {
            throw new IllegalStateException("dav1d_open failed: " + errorName(result));
        }
        context = contextHolder.getPointer(0);
        pictureHeader = picture.getByteBuffer(0, PICTURE_HEADER_BYTES).order(ByteOrder.nativeOrder());
    }

    /**
     * Decodes the grabber's video stream and keeps the frames with timestamps in [low, high], in presentation order.
     *
     * @param seekTo when positive, seconds to seek to first: demuxing resumes at the keyframe at or before it
     */
    List<VideoFrame> decode(FFmpegFrameGrabber grabber, double seekTo, double low, double high)
            throws FrameGrabber.Exception {
        AVFormatContext format = grabber.getFormatContext();
        int stream = grabber.getVideoStream();
        AVStream st = format.streams(stream);
        timeBaseNum = st.time_base().num();
        timeBaseDen = st.time_base().den();
        if (seekTo > 0) {
            seek(format, stream, seekTo);
        }
        sendConfigObus(st.codecpar());
        Output out = new Output(low, high);
        AVPacket packet;
        while (!out.done && (packet = grabber.grabPacket()) != null) {
            try {
                if (packet.stream_index() == stream && packet.size() > 0) {
                    long pts = packet.pts() != avutil.AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                    if (pts == avutil.AV_NOPTS_VALUE) {
                        throw new InvalidInputException(file, field, "an AV1 packet has neither pts nor dts");
                    }
                    send(packet, pts, out);
                }
            } finally {
                avcodec.av_packet_unref(packet); // grabPacket leaves the packet's buffer to us
            }
        }
        // end of stream: the previous call was dav1d_get_picture, so dav1d is in drain mode and hands out every
        // frame still in flight in its frame threads, then EAGAIN
        while (!out.done && takePicture(out)) {
            // each call emits one frame
        }
        return out.frames;
    }

    /**
     * Seeks the demuxer to the keyframe at or before {@code seconds} and resets dav1d, which then waits for the next
     * sequence header (sent again from the stream's configuration, and carried by every AV1 keyframe sample).
     */
    private void seek(AVFormatContext format, int stream, double seconds) {
        long target = (long) Math.floor(seconds * timeBaseDen / timeBaseNum);
        // on failure the demuxer stays at the start, and decoding from there gives the same frames, only later
        if (avformat.av_seek_frame(format, stream, target, avformat.AVSEEK_FLAG_BACKWARD) >= 0) {
            dav1d_flush(context);
        }
    }

    /**
     * Sends the sequence header from the mp4's av1C box (extradata: 4 bytes of av1C fields, then configOBUs), so
     * decoding can start even where a muxer left it out of the keyframe samples.
     */
    private void sendConfigObus(AVCodecParameters parameters) {
        int size = parameters.extradata_size();
        if (size <= 4 || parameters.extradata() == null) {
            return;
        }
        byte[] extradata = new byte[size];
        parameters.extradata().get(extradata, 0, size);
        if ((extradata[0] & 0x80) == 0) {
            return; // not an av1C record (raw OBUs would come in the packets anyway)
        }
        Pointer buffer = create(size - 4, Long.MIN_VALUE);
        buffer.write(0, extradata, 4, size - 4);
        int result = dav1d_send_data(context, data);
        if (result < 0) {
            dav1d_data_unref(data);
            throw decodeError("the sequence header in the mp4's av1C box", result);
        }
    }

    /** Hands one packet to dav1d; when dav1d is full (EAGAIN) takes a picture out and tries again. */
    private void send(AVPacket packet, long pts, Output out) {
        int size = packet.size();
        if (packetBytes.length < size) {
            packetBytes = new byte[size + size / 2];
        }
        packet.data().get(packetBytes, 0, size);
        create(size, pts).write(0, packetBytes, 0, size);
        for (int attempt = 0; ; attempt++) {
            int result = dav1d_send_data(context, data);
            if (result < 0 && result != EAGAIN) {
                dav1d_data_unref(data);
                throw decodeError("the packet at " + seconds(pts) + " s", result);
            }
            // one picture out after every send, as FFmpeg's libdav1d wrapper does: dav1d returns it only when it
            // is ready, so the frame threads keep working while we convert
            takePicture(out);
            if (result == 0 || out.done) {
                break;
            }
            if (attempt == MAX_SEND_ATTEMPTS) {
                dav1d_data_unref(data);
                throw new InvalidInputException(file, field, "dav1d accepts no more data at " + seconds(pts)
                        + " s and gives no picture (corrupt stream?)");
            }
        }
        if (out.done) {
            dav1d_data_unref(data); // a no-op when dav1d took the data
        }
    }

    /** Fills the reused Dav1dData with a fresh dav1d buffer of {@code size} bytes; returns the buffer. */
    private Pointer create(int size, long pts) {
        Pointer buffer = dav1d_data_create(data, size);
        if (buffer == null) {
            throw new OutOfMemoryError("dav1d_data_create could not allocate " + size + " bytes");
        }
        data.setLong(DATA_TIMESTAMP, pts); // rides along to the picture's m.timestamp
        return buffer;
    }

    /** Takes one decoded picture out if dav1d has one; false on EAGAIN. */
    private boolean takePicture(Output out) {
        int result = dav1d_get_picture(context, picture);
        if (result == EAGAIN) {
            return false;
        }
        if (result < 0) {
            throw decodeError("a frame", result);
        }
        try {
            long micros = 1_000_000L * pictureHeader.getLong(PICTURE_TIMESTAMP) * timeBaseNum / timeBaseDen;
            double t = micros / 1e6;
            if (t > out.high) {
                out.done = true;
            } else if (t >= out.low) {
                out.frames.add(new VideoFrame(t, toRgb()));
            }
        } finally {
            dav1d_picture_unref(picture); // also zeroes the struct, which dav1d_get_picture requires
        }
        return true;
    }

    /** Copies the planes of the current picture into Java arrays (one JNA read each) and converts them. */
    private RgbImage toRgb() {
        int w = pictureHeader.getInt(PICTURE_W);
        int h = pictureHeader.getInt(PICTURE_H);
        int layout = pictureHeader.getInt(PICTURE_LAYOUT);
        int bpc = pictureHeader.getInt(PICTURE_BPC);
        if (bpc != 8 || layout == LAYOUT_I400 || layout > LAYOUT_I444) {
            throw new InvalidInputException(file, field, "AV1 frame is " + bpc + "-bit " + layoutName(layout)
                    + "; the dav1d path converts 8-bit 4:2:0, 4:2:2 and 4:4:4 only (run with "
                    + "-Dworldlens.dav1d=false to decode it with FFmpeg's libaom)");
        }
        int xShift = layout == LAYOUT_I444 ? 0 : 1;
        int yShift = layout == LAYOUT_I420 ? 1 : 0;
        int yStride = (int) pictureHeader.getLong(PICTURE_STRIDE);
        int uvStride = (int) pictureHeader.getLong(PICTURE_STRIDE + 8);
        int cw = (w + xShift) >> xShift;
        int ch = (h + yShift) >> yShift;
        if (yStride < w || uvStride < cw) {
            throw new IllegalStateException("unexpected dav1d strides " + yStride + "/" + uvStride + " for width " + w);
        }
        // whole planes including the stride padding: one bulk copy each instead of one per row
        yPlane = read(PICTURE_DATA, yPlane, yStride * (h - 1) + w);
        uPlane = read(PICTURE_DATA + 8, uPlane, uvStride * (ch - 1) + cw);
        vPlane = read(PICTURE_DATA + 16, vPlane, uvStride * (ch - 1) + cw);
        byte[] rgb = new byte[w * h * 3];
        converter.convert(yPlane, yStride, uPlane, vPlane, uvStride, w, h, xShift, yShift, rgb);
        return new RgbImage(w, h, rgb);
    }

    private byte[] read(int pointerOffset, byte[] into, int length) {
        byte[] target = into.length >= length ? into : new byte[length];
        new Pointer(pictureHeader.getLong(pointerOffset)).read(0, target, 0, length);
        return target;
    }

    private static String layoutName(int layout) {
        return switch (layout) {
            case LAYOUT_I400 -> "monochrome";
            case LAYOUT_I420 -> "4:2:0";
            case LAYOUT_I422 -> "4:2:2";
            case LAYOUT_I444 -> "4:4:4";
            default -> "layout " + layout;
        };
    }

    private String seconds(long pts) {
        return String.format(Locale.ROOT, "%.6f", pts * (double) timeBaseNum / timeBaseDen);
    }

    private InvalidInputException decodeError(String what, int code) {
        return new InvalidInputException(file, field, "dav1d cannot decode " + what + ": " + errorName(code)
                + " (truncated or corrupt AV1 stream?)");
    }

    @Override
    public void close() {
        dav1d_data_unref(data);
        dav1d_picture_unref(picture);
        dav1d_close(contextHolder);
    }

    /** Frames kept so far and the window they must fall in; done once a frame lies past the window. */
    private static final class Output {
        final double low;
        final double high;
        final List<VideoFrame> frames = new ArrayList<>();
        boolean done;

        Output(double low, double high) {
            this.low = low;
            this.high = high;
        }
    }
}
