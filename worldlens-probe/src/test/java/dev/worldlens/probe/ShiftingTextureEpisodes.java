package dev.worldlens.probe;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.FrameSource;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.RgbImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Episodes whose action is the image shift: a camera looks at a smooth random texture (three times its view's side)
 * and every action (dx, dy), uniform in [-maxShift, maxShift] pixels, moves the content of the view by exactly that
 * (the view moves the other way, sampled bilinearly); at the texture's edge the action's sign flips instead. Camera
 * "top", one task family per episode, states the view's position.
 */
final class ShiftingTextureEpisodes {
    private ShiftingTextureEpisodes() {
    }

    static EpisodeSource create(int episodes, int length, int side, double maxShift, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int big = 3 * side;
        float[][] texture = {blobs(big, side, rng), blobs(big, side, rng)};
        ActionSchema schema = new ActionSchema(List.of("dx", "dy"), Map.of(ActionSchema.TRANSLATION, List.of(0, 1)));
        List<Episode> out = new ArrayList<>();
        for (int e = 0; e < episodes; e++) {
            double x = rng.nextDouble(side * 0.5, side * 1.5);
            double y = rng.nextDouble(side * 0.5, side * 1.5);
            List<RgbImage> frames = new ArrayList<>();
            float[][] actions = new float[length][];
            float[][] states = new float[length][];
            for (int t = 0; t < length; t++) {
                frames.add(view(texture, big, side, x, y));
                states[t] = new float[]{(float) x, (float) y};
                double dx = rng.nextDouble(-maxShift, maxShift);
                double dy = rng.nextDouble(-maxShift, maxShift);
                // content moves by +d when the view moves by -d; keep the view inside the texture
                if (x - dx < 1 || x - dx > big - side - 2) {
                    dx = -dx;
                }
                if (y - dy < 1 || y - dy > big - side - 2) {
                    dy = -dy;
                }
                actions[t] = new float[]{(float) dx, (float) dy};
                x -= dx;
                y -= dy;
            }
            out.add(new Episode(e, "S", FrameSource.inMemory(Map.of("top", frames)), actions, states, schema,
                    List.of("x", "y"), List.of(new LanguageWindow(0, length, "task-" + e, "move")), 10, Map.of()));
        }
        return EpisodeSource.of("shifting-texture-" + seed, out);
    }

    /** A big x big sum of Gaussian blobs of a few pixels (scaled with the view's side), in about [-1, 1]. */
    private static float[] blobs(int big, int side, SplittableRandom rng) {
        float[] out = new float[big * big];
        int count = 6 * big * big / (side * side / 4 + 16);
        double scale = Math.max(1.5, side / 16.0);
        for (int b = 0; b < count; b++) {
            double bx = rng.nextDouble(big);
            double by = rng.nextDouble(big);
            double sigma = scale * rng.nextDouble(1, 2.5);
            double amp = rng.nextDouble(-1, 1);
            int r = (int) Math.ceil(3 * sigma);
            for (int y = Math.max(0, (int) by - r); y < Math.min(big, (int) by + r + 1); y++) {
                for (int x = Math.max(0, (int) bx - r); x < Math.min(big, (int) bx + r + 1); x++) {
                    double d2 = (x - bx) * (x - bx) + (y - by) * (y - by);
                    out[y * big + x] += (float) (amp * Math.exp(-d2 / (2 * sigma * sigma)));
                }
            }
        }
        return out;
    }

    /** The side x side view whose top-left corner is at (x, y) in the texture, two textures mixed into RGB. */
    private static RgbImage view(float[][] texture, int big, int side, double x, double y) {
        byte[] rgb = new byte[side * side * 3];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                double u = sample(texture[0], big, x + c, y + r);
                double v = sample(texture[1], big, x + c, y + r);
                int i = (r * side + c) * 3;
                rgb[i] = clamp(128 + 70 * u);
                rgb[i + 1] = clamp(128 + 70 * v);
                rgb[i + 2] = clamp(128 + 40 * (u - v));
            }
        }
        return new RgbImage(side, side, rgb);
    }

    private static double sample(float[] img, int big, double u, double v) {
        int x0 = (int) u;
        int y0 = (int) v;
        double fx = u - x0;
        double fy = v - y0;
        int i = y0 * big + x0;
        double top = img[i] + fx * (img[i + 1] - img[i]);
        double bottom = img[i + big] + fx * (img[i + big + 1] - img[i + big]);
        return top + fy * (bottom - top);
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Store positions 0 .. episodes - held - 1 (training) or the last {@code held} (held out). */
    static int[] positions(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }
}
