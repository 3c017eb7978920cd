package dev.worldlens.data.video;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * 8-bit planar YUV (4:2:0, 4:2:2 or 4:4:4) to packed RGB24 the way the libaom path gets it from swscale, so both AV1
 * decoders give the same pixels. JavaCV converts with {@code sws_getCachedContext} and never sets colour details, so
 * swscale uses its default matrix (BT.601, limited range) whatever the stream signals; for yuv420p and yuv422p to
 * rgb24 at the same size it takes its unscaled x86 converter (libswscale/x86/yuv_2_rgb.asm), which repeats each
 * chroma sample over the luma samples it covers and computes in 16-bit fixed point: inputs scaled by 8, products
 * kept as their high 16 bits ({@code pmulhw}, i.e. floor(a * b / 65536)), sums saturated to 0..255. The tables
 * below hold exactly those terms, so 4:2:0 and 4:2:2 output match FFmpeg's bit for bit (measured on the test
 * fixtures and on 600 frames of testsrc2). 4:4:4 takes swscale's generic path, which rounds the same matrix in
 * 16.16 fixed point; the second set of tables does that (measured: mean difference at most 0.003 per frame, no
 * value off by more than 1).
 *
 * <p>Per pixel: one luma lookup, three adds, three clamps; 4:2:0 goes two rows at a time so each chroma pair is
 * looked up once per 2x2 block, and its bytes are stored four at a time. The conversion is in the timed decode path,
 * so a picture may be split across two threads: the caller takes the top half, a pool worker the bottom half.
 */
final class YuvToRgb {
    /** (8Y - 128) x 9539 >> 16: 1.164 (Y - 16) as swscale's SIMD computes it. */
    private static final int[] LUMA = new int[256];
    private static final int[] RED_V = new int[256];
    private static final int[] GREEN_U = new int[256];
    private static final int[] GREEN_V = new int[256];
    private static final int[] BLUE_U = new int[256];
    /** 4:4:4: (Y - 16) x 76309 + 1/2 and the chroma terms in 16.16, summed then shifted down, as swscale rounds. */
    private static final int[] FULL_LUMA = new int[256];
    private static final int[] FULL_RED_V = new int[256];
    private static final int[] FULL_GREEN_U = new int[256];
    private static final int[] FULL_GREEN_V = new int[256];
    private static final int[] FULL_BLUE_U = new int[256];
    /** Writes four bytes of a byte[] at once (RGB bytes in memory order: R lowest). */
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** Below this many rows a second thread costs more than it saves. */
    private static final int MIN_ROWS_TO_SPLIT = 64;

    static {
        // swscale's BT.601 coefficients (ff_yuv2rgb_coeffs, 16.16) times 8192 rounded to 16 bits, as
        // ff_yuv2rgb_c_init_tables stores them for the SIMD code: luma gain 76309 (255/219), 104597, -25675,
        // -53279, 132201; luma offset 16 << 3, chroma offset 128 << 3
        for (int i = 0; i < 256; i++) {
            int y = (i << 3) - 128;
            int c = (i << 3) - 1024;
            LUMA[i] = (y * 9539) >> 16;
            RED_V[i] = (c * 13075) >> 16;
            GREEN_U[i] = (c * -3209) >> 16;
            GREEN_V[i] = (c * -6660) >> 16;
            BLUE_U[i] = (c * 16525) >> 16;
            FULL_LUMA[i] = (i - 16) * 76309 + (1 << 15);
            FULL_RED_V[i] = 104597 * (i - 128);
            FULL_GREEN_U[i] = -25675 * (i - 128);
            FULL_GREEN_V[i] = -53279 * (i - 128);
            FULL_BLUE_U[i] = 132201 * (i - 128);
        }
    }

    private final boolean split;

    /** @param threads 1 converts on the calling thread; 0 (as many as useful) or more splits each picture in two */
    YuvToRgb(int threads) {
        this.split = threads != 1 && ForkJoinPool.getCommonPoolParallelism() > 0
                && Runtime.getRuntime().availableProcessors() > 1;
    }

    /**
     * Converts a picture. Planes come with their strides (bytes per row); the chroma planes share one stride, as
     * dav1d lays them out.
     *
     * @param xShift 1 when chroma is halved horizontally (4:2:0, 4:2:2), else 0
     * @param yShift 1 when chroma is halved vertically (4:2:0), else 0
     */
    void convert(byte[] y, int yStride, byte[] u, byte[] v, int uvStride, int width, int height, int xShift,
                 int yShift, byte[] rgb) {
        if (!split || height < MIN_ROWS_TO_SPLIT) {
            rows(y, yStride, u, v, uvStride, width, xShift, yShift, rgb, 0, height);
            return;
        }
        int middle = (height / 2) & ~1; // even, so no 2x2 block of 4:2:0 is cut
        ForkJoinTask<?> bottom = ForkJoinPool.commonPool().submit(
                () -> rows(y, yStride, u, v, uvStride, width, xShift, yShift, rgb, middle, height));
        rows(y, yStride, u, v, uvStride, width, xShift, yShift, rgb, 0, middle);
        bottom.join();
    }

    /** Rows [from, to); from is even for 4:2:0. */
    static void rows(byte[] y, int yStride, byte[] u, byte[] v, int uvStride, int width, int xShift, int yShift,
                     byte[] rgb, int from, int to) {
        int row = from;
        if (xShift == 1 && yShift == 1) {
            for (; row + 1 < to; row += 2) {
                rowPair(y, row * yStride, (row + 1) * yStride, u, v, (row >> 1) * uvStride, width, rgb,
                        row * width * 3, (row + 1) * width * 3);
            }
        }
        for (; row < to; row++) { // 4:2:2, 4:4:4, and the last row of an odd-height 4:2:0 picture
            int yi = row * yStride;
            int ci = (row >> yShift) * uvStride;
            int o = row * width * 3;
            for (int x = 0; x < width; x++, o += 3) {
                int cx = ci + (x >> xShift);
                if (xShift == 0) {
                    fullPixel(y[yi + x] & 0xff, u[cx] & 0xff, v[cx] & 0xff, rgb, o);
                } else {
                    pixel(y[yi + x] & 0xff, u[cx] & 0xff, v[cx] & 0xff, rgb, o);
                }
            }
        }
    }

    /**
     * Two luma rows sharing one chroma row (4:2:0), four columns per step: two chroma samples serve eight pixels,
     * and each row's twelve bytes go out as three little-endian ints, a third of the stores and bounds checks of
     * byte writes (about 25% faster than byte stores, measured).
     */
    private static void rowPair(byte[] y, int y0, int y1, byte[] u, byte[] v, int c0, int width, byte[] rgb, int o0,
                                int o1) {
        int x = 0;
        for (; x + 3 < width; x += 4) {
            int ci = c0 + (x >> 1);
            int cu = u[ci] & 0xff;
            int cv = v[ci] & 0xff;
            int r0 = RED_V[cv];
            int g0 = GREEN_U[cu] + GREEN_V[cv];
            int b0 = BLUE_U[cu];
            cu = u[ci + 1] & 0xff;
            cv = v[ci + 1] & 0xff;
            int r1 = RED_V[cv];
            int g1 = GREEN_U[cu] + GREEN_V[cv];
            int b1 = BLUE_U[cu];
            fourPixels(y, y0 + x, r0, g0, b0, r1, g1, b1, rgb, o0 + 3 * x);
            fourPixels(y, y1 + x, r0, g0, b0, r1, g1, b1, rgb, o1 + 3 * x);
        }
        for (; x < width; x++) { // the last one to three columns
            int ci = c0 + (x >> 1);
            pixel(y[y0 + x] & 0xff, u[ci] & 0xff, v[ci] & 0xff, rgb, o0 + 3 * x);
            pixel(y[y1 + x] & 0xff, u[ci] & 0xff, v[ci] & 0xff, rgb, o1 + 3 * x);
        }
    }

    /** Luma samples i..i+3 of one row: the first two take chroma terms (r0, g0, b0), the last two (r1, g1, b1). */
    private static void fourPixels(byte[] y, int i, int r0, int g0, int b0, int r1, int g1, int b1, byte[] rgb,
                                   int o) {
        int p = LUMA[y[i] & 0xff];
        int q = LUMA[y[i + 1] & 0xff];
        int s = LUMA[y[i + 2] & 0xff];
        int t = LUMA[y[i + 3] & 0xff];
        INT_LE.set(rgb, o, sat(p + r0) | sat(p + g0) << 8 | sat(p + b0) << 16 | sat(q + r0) << 24);
        INT_LE.set(rgb, o + 4, sat(q + g0) | sat(q + b0) << 8 | sat(s + r1) << 16 | sat(s + g1) << 24);
        INT_LE.set(rgb, o + 8, sat(s + b1) | sat(t + r1) << 8 | sat(t + g1) << 16 | sat(t + b1) << 24);
    }

    private static void pixel(int y, int u, int v, byte[] rgb, int o) {
        int l = LUMA[y];
        rgb[o] = clamp(l + RED_V[v]);
        rgb[o + 1] = clamp(l + GREEN_U[u] + GREEN_V[v]);
        rgb[o + 2] = clamp(l + BLUE_U[u]);
    }

    private static void fullPixel(int y, int u, int v, byte[] rgb, int o) {
        int l = FULL_LUMA[y];
        rgb[o] = clamp((l + FULL_RED_V[v]) >> 16);
        rgb[o + 1] = clamp((l + FULL_GREEN_U[u] + FULL_GREEN_V[v]) >> 16);
        rgb[o + 2] = clamp((l + FULL_BLUE_U[u]) >> 16);
    }

    /**
     * To 0..255 as packuswb saturates: negative to 0, above 255 to 255 ({@code ~v >> 31} is 0 for negatives, -1
     * otherwise). The branch is cheaper than Math.min/max on video, where out-of-range sums come in runs.
     */
    private static int sat(int v) {
        return (v & ~0xff) == 0 ? v : (~v >> 31) & 0xff;
    }

    private static byte clamp(int v) {
        return (byte) sat(v);
    }
}
