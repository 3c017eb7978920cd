package dev.worldlens.encoders.family;

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
 * A tiny world for family tests: a coloured square on a textured background moves by the action (dx, dy), and a
 * second square drifts on its own, so frames carry both action-caused and action-free motion.
 */
public final class SyntheticEpisodes {
    private SyntheticEpisodes() {
    }

    public static EpisodeSource create(int episodes, int length, int side, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Episode> out = new ArrayList<>();
        ActionSchema schema = new ActionSchema(List.of("dx", "dy"),
                Map.of(ActionSchema.TRANSLATION, List.of(0, 1)));
        for (int e = 0; e < episodes; e++) {
            double x = side * (0.3 + 0.4 * rng.nextDouble());
            double y = side * (0.3 + 0.4 * rng.nextDouble());
            double ox = side * rng.nextDouble();
            double oy = side * rng.nextDouble();
            int hue = rng.nextInt(3);
            List<RgbImage> frames = new ArrayList<>();
            float[][] actions = new float[length][];
            float[][] states = new float[length][];
            for (int t = 0; t < length; t++) {
                frames.add(draw(side, x, y, ox, oy, hue));
                float dx = (float) (rng.nextDouble() * 2 - 1);
                float dy = (float) (rng.nextDouble() * 2 - 1);
                actions[t] = new float[]{dx, dy};
                states[t] = new float[]{(float) x, (float) y};
                x = Math.max(2, Math.min(side - 3, x + dx * side / 10.0));
                y = Math.max(2, Math.min(side - 3, y + dy * side / 10.0));
                ox = (ox + side / 16.0) % side;
                oy = (oy + side / 24.0) % side;
            }
            out.add(new Episode(e, "S", FrameSource.inMemory(Map.of("top", frames)), actions, states, schema,
                    List.of("x", "y"), List.of(new LanguageWindow(0, length, "move", "move")), 10, Map.of()));
        }
        return EpisodeSource.of("synthetic", out);
    }

    private static RgbImage draw(int side, double x, double y, double ox, double oy, int hue) {
        byte[] rgb = new byte[side * side * 3];
        int half = Math.max(1, side / 10);
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                int i = (r * side + c) * 3;
                int base = ((r / 4 + c / 4) % 2 == 0) ? 60 : 80;
                int[] px = {base, base, base};
                if (Math.abs(c - x) <= half && Math.abs(r - y) <= half) {
                    px = new int[]{hue == 0 ? 230 : 40, hue == 1 ? 230 : 40, hue == 2 ? 230 : 40};
                } else if (Math.abs(c - ox) <= half / 2 + 1 && Math.abs(r - oy) <= half / 2 + 1) {
                    px = new int[]{200, 200, 60};
                }
                rgb[i] = (byte) px[0];
                rgb[i + 1] = (byte) px[1];
                rgb[i + 2] = (byte) px[2];
            }
        }
        return new RgbImage(side, side, rgb);
    }

    /** Every episode's index, for {@link PretrainData#load}. */
    public static List<Integer> all(EpisodeSource source) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            ids.add(i);
        }
        return ids;
    }
}
