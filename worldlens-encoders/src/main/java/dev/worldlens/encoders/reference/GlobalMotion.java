package dev.worldlens.encoders.reference;

/**
 * A classical estimate of how a whole image moved between two frames, with no learning: the rotation about the
 * image centre and the translation that best map the first frame onto the second (a Euclidean warp), found by
 * Lucas-Kanade iterations coarse to fine over an image pyramid.
 *
 * <p>This is the observability ceiling's motion part: when the camera rides on the gripper, the gripper's own
 * translation and turn move the whole view, so a global motion estimate plus the pixels bounds what any encoder can
 * read of the action from two frames. Frames are grey levels in row-major order. The estimate is how the content
 * moved: what is at pixel p in the first frame is at {@code R(theta) (p - c) + c + t} in the second, c the image
 * centre, in pixels and radians of the full-resolution frame (so {@code first(p) ~ second(R(theta) (p - c) + c + t)}).
 *
 * <p>The iterations are Baker and Matthews' inverse compositional form: the first frame is the template, and its
 * gradients and steepest-descent images are computed once per level ({@link Pyramid}), so an iteration samples the
 * second frame once per pixel (bilinear) instead of five times; the Hessian is summed anew each iteration over the
 * pixels whose warped position falls inside the frame. A frame's pyramid can serve several estimates (as the second
 * frame of one pair and the first of the next), which is how the motion encoder uses it. The budget is fixed: at most
 * {@code iterations} per level, fewer once an update is negligible.
 */
public final class GlobalMotion {
    /** A frame-to-frame motion: translation in pixels (x right, y down) and rotation in radians (x towards y). */
    public record Motion(double dx, double dy, double theta) {
        public static final Motion NONE = new Motion(0, 0, 0);
    }

    /** Pyramids stop halving below this side: a coarser level has too few pixels to constrain three parameters. */
    private static final int MIN_SIDE = 16;
    /** Residual (grey levels in [0, 1]) beyond which a pixel's weight falls as 1 / |residual|. */
    private static final double HUBER = 0.02;

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

    public int levels() {
        return levels;
    }

    public int iterations() {
        return iterations;
    }

    /** The motion from {@code first} to {@code second}, both {@code width x height} grey levels in row-major order. */
    public Motion estimate(float[] first, float[] second, int width, int height) {
        if (first.length != width * height || second.length != width * height) {
            throw new IllegalArgumentException("frames of " + first.length + " and " + second.length
                    + " values for " + width + " x " + height);
        }
        return estimate(pyramid(first, width, height), pyramid(second, width, height));
    }

    /** A frame's pyramid for this estimator's levels, reusable across estimates. */
    public Pyramid pyramid(float[] grey, int width, int height) {
        return new Pyramid(grey, width, height, levels);
    }

    /** The motion from the frame of {@code first} to the frame of {@code second} (pyramids of equal size). */
    public Motion estimate(Pyramid first, Pyramid second) {
        if (first.width(0) != second.width(0) || first.height(0) != second.height(0)) {
            throw new IllegalArgumentException("frames of " + first.width(0) + " x " + first.height(0) + " and "
                    + second.width(0) + " x " + second.height(0) + " differ in size");
        }
        int used = Math.min(first.levels(), second.levels());
        double theta = 0;
        double tx = 0;
        double ty = 0;
        for (int l = used - 1; l >= 0; l--) {
            double scale = 1 << l;
            double[] p = {theta, tx / scale, ty / scale};
            for (int i = 0; i < iterations; i++) {
                double[] step = inverseCompositionalStep(first, second.image[l], l, p);
                if (step == null) {
                    break;
                }
                // W(p) <- W(p) o W(step)^-1: theta' = theta - dtheta, t' = t - R(theta') dt
                double th = p[0] - step[0];
                double cos = Math.cos(th);
                double sin = Math.sin(th);
                p[0] = th;
                p[1] -= cos * step[1] - sin * step[2];
                p[2] -= sin * step[1] + cos * step[2];
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
     * One inverse compositional update (dtheta, dtx, dty) at level l: the error is second(warp(p)(x)) - first(x) over
     * the template's interior pixels whose warped position lies inside the second frame, against the template's
     * steepest-descent images. Null when too few pixels overlap or the normal equations are singular (a flat frame).
     */
    private static double[] inverseCompositionalStep(Pyramid template, float[] sampled, int l, double[] p) {
        int w = template.width(l);
        int h = template.height(l);
        float[] t = template.image[l];
        float[] gx = template.gx[l];
        float[] gy = template.gy[l];
        float[] gt = template.gTheta[l];
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double cos = Math.cos(p[0]);
        double sin = Math.sin(p[0]);
        double h00 = 0, h01 = 0, h02 = 0, h11 = 0, h12 = 0, h22 = 0;
        double b0 = 0, b1 = 0, b2 = 0;
        int n = 0;
        double maxU = w - 1;
        double maxV = h - 1;
        for (int y = 1; y < h - 1; y++) {
            double ry = y - cy;
            // the warped position moves by (cos, sin) per pixel along a row
            double u = cos * (1 - cx) - sin * ry + cx + p[1];
            double v = sin * (1 - cx) + cos * ry + cy + p[2];
            for (int x = 1; x < w - 1; x++, u += cos, v += sin) {
                if (!(u >= 0 && v >= 0 && u < maxU && v < maxV)) {
                    continue;
                }
                int x0 = (int) u;
                int y0 = (int) v;
                double fx = u - x0;
                double fy = v - y0;
                int k = y0 * w + x0;
                double top = sampled[k] + fx * (sampled[k + 1] - sampled[k]);
                double bottom = sampled[k + w] + fx * (sampled[k + w + 1] - sampled[k + w]);
                int i = y * w + x;
                double e = top + fy * (bottom - top) - t[i];
                // Huber weight: a pixel that disagrees with the global motion by more than HUBER (things that move
                // with the camera, such as the fingers in a gripper view, or that move on their own) counts as
                // HUBER / |e| of a pixel, so the estimate follows the scene rather than the rig
                double a = Math.abs(e);
                double wt = a <= HUBER ? 1 : HUBER / a;
                double j0 = gt[i];
                double j1 = gx[i];
                double j2 = gy[i];
                b0 += wt * j0 * e;
                b1 += wt * j1 * e;
                b2 += wt * j2 * e;
                h00 += wt * j0 * j0;
                h01 += wt * j0 * j1;
                h02 += wt * j0 * j2;
                h11 += wt * j1 * j1;
                h12 += wt * j1 * j2;
                h22 += wt * j2 * j2;
                n++;
            }
        }
        if (n < 16) {
            return null;
        }
        return solve3(new double[][]{{h00, h01, h02}, {h01, h11, h12}, {h02, h12, h22}}, new double[]{b0, b1, b2});
    }

    /**
     * A frame at each pyramid level (each pixel of a level the mean of a 2 x 2 block of the one below, while the side
     * stays at least 16), with its central-difference gradients and the rotation's steepest-descent image
     * ({@code -ry gx + rx gy}, r relative to the level's centre): what a frame needs as the template of an estimate.
     */
    public static final class Pyramid {
        private final float[][] image;
        private final float[][] gx;
        private final float[][] gy;
        private final float[][] gTheta;
        private final int[] w;
        private final int[] h;

        Pyramid(float[] grey, int width, int height, int maxLevels) {
            if (width < 3 || height < 3 || grey.length != width * height) {
                throw new IllegalArgumentException("a frame of " + grey.length + " values for " + width + " x "
                        + height + " (at least 3 x 3)");
            }
            int n = 1;
            while (n < maxLevels && (width >> (n - 1)) >= 2 * MIN_SIDE && (height >> (n - 1)) >= 2 * MIN_SIDE) {
                n++;
            }
            image = new float[n][];
            gx = new float[n][];
            gy = new float[n][];
            gTheta = new float[n][];
            w = new int[n];
            h = new int[n];
            image[0] = grey;
            w[0] = width;
            h[0] = height;
            for (int l = 1; l < n; l++) {
                w[l] = w[l - 1] / 2;
                h[l] = h[l - 1] / 2;
                image[l] = halve(image[l - 1], w[l - 1], h[l - 1]);
            }
            for (int l = 0; l < n; l++) {
                gradients(l);
            }
        }

        public int levels() {
            return image.length;
        }

        public int width(int level) {
            return w[level];
        }

        public int height(int level) {
            return h[level];
        }

        private void gradients(int l) {
            int width = w[l];
            int height = h[l];
            float[] img = image[l];
            float[] x1 = new float[img.length];
            float[] y1 = new float[img.length];
            float[] t1 = new float[img.length];
            double cx = (width - 1) / 2.0;
            double cy = (height - 1) / 2.0;
            for (int y = 1; y < height - 1; y++) {
                for (int x = 1; x < width - 1; x++) {
                    int i = y * width + x;
                    float dx = (img[i + 1] - img[i - 1]) / 2;
                    float dy = (img[i + width] - img[i - width]) / 2;
                    x1[i] = dx;
                    y1[i] = dy;
                    t1[i] = (float) (-(y - cy) * dx + (x - cx) * dy);
                }
            }
            gx[l] = x1;
            gy[l] = y1;
            gTheta[l] = t1;
        }

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
