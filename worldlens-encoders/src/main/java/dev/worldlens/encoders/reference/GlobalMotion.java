package dev.worldlens.probe.reference;

/**
 * A classical estimate of how a whole image moved between two frames, with no learning: the rotation about the
 * image centre and the translation that best map the first frame onto the second (a Euclidean warp), found by
 * Lucas-Kanade's Gauss-Newton iterations on image gradients, coarse to fine over an image pyramid.
 *
 * <p>This is the observability ceiling's motion part: when the camera rides on the gripper, the gripper's own
 * translation and turn move the whole view, so a global motion estimate plus the pixels bounds what any encoder can
 * read of the action from two frames. Frames are grey levels in row-major order. The estimate is how the content
 * moved: what is at pixel p in the first frame is at {@code R(theta) (p - c) + c + t} in the second, c the image
 * centre, in pixels and radians of the full-resolution frame (so {@code first(p) ~ second(R(theta) (p - c) + c + t)}).
 */
public final class GlobalMotion {
    /** A frame-to-frame motion: translation in pixels (x right, y down) and rotation in radians (x towards y). */
    public record Motion(double dx, double dy, double theta) {
    }

    private final int levels;
    private final int iterations;

    /**
     * @param levels     pyramid levels (1: full resolution only); each halves the side, so large motions are found
     *                   at the coarse levels and refined at the fine ones
     * @param iterations Gauss-Newton iterations per level
     */
    public GlobalMotion(int levels, int iterations) {
        if (levels < 1 || iterations < 1) {
            throw new IllegalArgumentException("levels and iterations must be at least 1, got " + levels + ", "
                    + iterations);
        }
        this.levels = levels;
        this.iterations = iterations;
    }

    /** Three levels of ten iterations: motions up to several pixels on frames of 32 to 128 pixels. */
    public static GlobalMotion defaults() {
        return new GlobalMotion(3, 10);
    }

    /** The motion from {@code first} to {@code second}, both {@code width x height} grey levels in row-major order. */
    public Motion estimate(float[] first, float[] second, int width, int height) {
        if (first.length != width * height || second.length != width * height) {
            throw new IllegalArgumentException("frames of " + first.length + " and " + second.length
                    + " values for " + width + " x " + height);
        }
        float[][] a = new float[levels][];
        float[][] b = new float[levels][];
        int[] w = new int[levels];
        int[] h = new int[levels];
        a[0] = first;
        b[0] = second;
        w[0] = width;
        h[0] = height;
        int used = 1;
        for (int l = 1; l < levels && w[l - 1] >= 16 && h[l - 1] >= 16; l++) {
            w[l] = w[l - 1] / 2;
            h[l] = h[l - 1] / 2;
            a[l] = halve(a[l - 1], w[l - 1], h[l - 1]);
            b[l] = halve(b[l - 1], w[l - 1], h[l - 1]);
            used = l + 1;
        }
        double theta = 0;
        double tx = 0;
        double ty = 0;
        for (int l = used - 1; l >= 0; l--) {
            double scale = 1 << l;
            double[] p = {theta, tx / scale, ty / scale};
            for (int i = 0; i < iterations; i++) {
                double[] step = gaussNewtonStep(b[l], a[l], w[l], h[l], p);
                if (step == null) {
                    break;
                }
                p[0] += step[0];
                p[1] += step[1];
                p[2] += step[2];
                if (Math.abs(step[0]) < 1e-6 && Math.abs(step[1]) < 1e-4 && Math.abs(step[2]) < 1e-4) {
                    break;
                }
            }
            theta = p[0];
            tx = p[1] * scale;
            ty = p[2] * scale;
        }
        return new Motion(tx, ty, theta);
    }

    /**
     * One Gauss-Newton update of (theta, tx, ty): the residual is sampled(warp(p)) - template(p) over the pixels whose
     * warped position falls inside the frame (with room for the central differences), linearised through the sampled frame's gradient at that position. Null
     * when too few pixels overlap or the normal equations are singular (a flat frame).
     */
    private static double[] gaussNewtonStep(float[] sampled, float[] template, int w, int h, double[] p) {
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double cos = Math.cos(p[0]);
        double sin = Math.sin(p[0]);
        double[][] ata = new double[3][3];
        double[] atb = new double[3];
        int n = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                double rx = x - cx;
                double ry = y - cy;
                double u = cos * rx - sin * ry + cx + p[1];
                double v = sin * rx + cos * ry + cy + p[2];
                if (u < 2 || v < 2 || u > w - 3 || v > h - 3) {
                    continue;
                }
                double gx = (sample(sampled, w, u + 1, v) - sample(sampled, w, u - 1, v)) / 2;
                double gy = (sample(sampled, w, u, v + 1) - sample(sampled, w, u, v - 1)) / 2;
                double residual = sample(sampled, w, u, v) - template[y * w + x];
                // d(u, v)/d(theta) for the rotation about the centre
                double jt = gx * (-sin * rx - cos * ry) + gy * (cos * rx - sin * ry);
                double[] j = {jt, gx, gy};
                for (int r = 0; r < 3; r++) {
                    atb[r] -= j[r] * residual;
                    for (int c = 0; c < 3; c++) {
                        ata[r][c] += j[r] * j[c];
                    }
                }
                n++;
            }
        }
        if (n < 16) {
            return null;
        }
        return solve3(ata, atb);
    }

    /** Bilinear interpolation at (u, v), at least one pixel inside the frame's right and bottom edges. */
    private static double sample(float[] img, int w, double u, double v) {
        int x0 = (int) Math.floor(u);
        int y0 = (int) Math.floor(v);
        double fx = u - x0;
        double fy = v - y0;
        int i = y0 * w + x0;
        double top = img[i] * (1 - fx) + img[i + 1] * fx;
        double bottom = img[i + w] * (1 - fx) + img[i + w + 1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    /** The next pyramid level: each pixel the mean of a 2 x 2 block. */
    private static float[] halve(float[] img, int w, int h) {
        int w2 = w / 2;
        int h2 = h / 2;
        float[] out = new float[w2 * h2];
        for (int y = 0; y < h2; y++) {
            for (int x = 0; x < w2; x++) {
                int i = 2 * y * w + 2 * x;
                out[y * w2 + x] = (img[i] + img[i + 1] + img[i + w] + img[i + w + 1]) / 4;
            }
        }
        return out;
    }

    /** The solution of a 3 x 3 system by Cramer's rule, or null when it is (nearly) singular. */
    private static double[] solve3(double[][] m, double[] b) {
        double det = det3(m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]);
        double scale = Math.abs(m[0][0] * m[1][1] * m[2][2]);
        if (!(Math.abs(det) > 1e-12 * scale) || scale == 0) {
            return null;
        }
        double[] x = new double[3];
        for (int c = 0; c < 3; c++) {
            double[][] k = {m[0].clone(), m[1].clone(), m[2].clone()};
            for (int r = 0; r < 3; r++) {
                k[r][c] = b[r];
            }
            x[c] = det3(k[0][0], k[0][1], k[0][2], k[1][0], k[1][1], k[1][2], k[2][0], k[2][1], k[2][2]) / det;
        }
        return x;
    }

    private static double det3(double a, double b, double c, double d, double e, double f, double g, double h,
                               double i) {
        return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    }
}
