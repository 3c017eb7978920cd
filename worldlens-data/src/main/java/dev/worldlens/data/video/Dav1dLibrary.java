package dev.worldlens.data.video;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.util.ArrayList;
import java.util.List;

/**
 * JNA binding (direct mapping: static natives, no proxy per call) of the system libdav1d, dav1d 1.x (soname 6 or 7).
 * The FFmpeg bundled by JavaCV decodes AV1 with libaom only, at about half the speed of dav1d; Debian's ffmpeg
 * package pulls in libdav1d6, so when it is there we decode AV1 with it (see {@link Dav1dDecoder}).
 *
 * <p>The structs are read at fixed byte offsets for LP64 (x86-64, aarch64). Each offset below was printed with
 * {@code offsetof} against the dav1d 1.0.0 headers (Debian libdav1d-dev 1.0.0-2, soname 6) and checked by reading
 * the dav1d 1.4 headers (soname 7): the fields used here did not move between them. Pre-1.0 releases laid out
 * Dav1dSettings differently (n_frame_threads, n_tile_threads), so only 1.x is accepted.
 */
final class Dav1dLibrary {
    /** Bytes allocated for each struct we hand to dav1d: above every 1.x size (Settings 96, Data 72, Picture 264). */
    static final long STRUCT_BYTES = 1024;

    /**
     * Dav1dSettings: int n_threads; int max_frame_delay; int apply_grain; int operating_point; int all_layers;
     * unsigned frame_size_limit; Dav1dPicAllocator allocator {3 pointers}; Dav1dLogger logger {cookie, callback}.
     */
    static final int SETTINGS_N_THREADS = 0;
    static final int SETTINGS_MAX_FRAME_DELAY = 4;
    static final int SETTINGS_LOGGER_CALLBACK = 56;

    /** Dav1dData: const uint8_t *data; size_t sz; Dav1dRef *ref; Dav1dDataProps m {int64 timestamp; ...}. */
    static final int DATA_TIMESTAMP = 24;

    /**
     * Dav1dPicture: seq_hdr*, frame_hdr*, void *data[3], ptrdiff_t stride[2], Dav1dPictureParameters p {int w, h;
     * enum layout; int bpc}, Dav1dDataProps m {int64 timestamp; ...}.
     */
    static final int PICTURE_DATA = 16;
    static final int PICTURE_STRIDE = 40;
    static final int PICTURE_W = 56;
    static final int PICTURE_H = 60;
    static final int PICTURE_LAYOUT = 64;
    static final int PICTURE_BPC = 68;
    static final int PICTURE_TIMESTAMP = 72;
    /** The part of Dav1dPicture read per frame (everything up to and including m.timestamp). */
    static final int PICTURE_HEADER_BYTES = 80;

    /** enum Dav1dPixelLayout. */
    static final int LAYOUT_I400 = 0;
    static final int LAYOUT_I420 = 1;
    static final int LAYOUT_I422 = 2;
    static final int LAYOUT_I444 = 3;

    /** DAV1D_ERR(EAGAIN) on Linux: dav1d returns negated POSIX errno values. */
    static final int EAGAIN = -11;

    private static final Status STATUS = load();

    private record Status(String version, String problem) {
    }

    private Dav1dLibrary() {
    }

    /** Whether the natives below are bound: a usable libdav1d 1.x was found and not disabled. */
    static boolean available() {
        return STATUS.problem == null;
    }

    /** The library's own version string ("1.0.0"), or null when it is not available. */
    static String version() {
        return STATUS.version;
    }

    /** Why the library is not used, or null when it is. */
    static String problem() {
        return STATUS.problem;
    }

    private static Status load() {
        if ("false".equalsIgnoreCase(System.getProperty("worldlens.dav1d"))) {
            return new Status(null, "disabled by -Dworldlens.dav1d=false");
        }
        try {
            if (Native.POINTER_SIZE != 8 || Native.LONG_SIZE != 8) {
                return new Status(null, "struct offsets are for 64-bit Linux (LP64) only");
            }
        } catch (LinkageError e) { // JNA's own native part did not load: AV1 stays on FFmpeg
            return new Status(null, "JNA cannot load: " + firstLine(e));
        }
        List<String> failures = new ArrayList<>();
        // "dav1d" finds libdav1d.so (the -dev symlink) or, through JNA's versioned-name search, libdav1d.so.N;
        // the sonames are for systems where that search does not look in the right folder
        for (String name : List.of("dav1d", "libdav1d.so.6", "libdav1d.so.7")) {
            try {
                NativeLibrary lib = NativeLibrary.getInstance(name);
                // ask the version through a plain function lookup first, so a 0.x library is never bound
                String version = lib.getFunction("dav1d_version").invokeString(new Object[0], false);
                if (version == null || !version.startsWith("1.")) {
                    failures.add(name + ": version " + version + ", need 1.x");
                    continue;
                }
                Native.register(Dav1dLibrary.class, lib);
                return new Status(version, null);
            } catch (LinkageError | IllegalArgumentException e) {
                failures.add(name + ": " + firstLine(e));
            }
        }
        return new Status(null, "no usable libdav1d (" + String.join("; ", failures) + ")");
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Readable name for a negative dav1d return value. */
    static String errorName(int code) {
        String name = switch (-code) {
            case 2 -> "ENOENT";
            case 11 -> "EAGAIN";
            case 12 -> "ENOMEM";
            case 22 -> "EINVAL";
            case 34 -> "ERANGE";
            case 92 -> "ENOPROTOOPT (unsupported bitstream feature)";
            default -> "errno " + (-code);
        };
        return name + " (" + code + ")";
    }

    // ---- the C API (dav1d/dav1d.h, data.h, picture.h); size_t is a Java long on LP64 ----

    static native void dav1d_default_settings(Pointer settings);

    static native int dav1d_open(Pointer contextOut, Pointer settings);

    static native Pointer dav1d_data_create(Pointer data, long size);

    static native void dav1d_data_unref(Pointer data);

    static native int dav1d_send_data(Pointer context, Pointer data);

    static native int dav1d_get_picture(Pointer context, Pointer picture);

    static native void dav1d_picture_unref(Pointer picture);

    static native void dav1d_flush(Pointer context);

    static native void dav1d_close(Pointer contextOut);
}
