package dev.worldlens.data.corrupt;

import dev.worldlens.core.RgbImage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Occlusion: square patches of one solid colour each (Cutout-style occluders) painted over the frame at random
 * places. Patches lie wholly inside the frame and may overlap; each draw depends on the seed alone, and the first
 * patches of a higher severity are those of a lower one.
 */
public final class Occlusion {
    /** Number of patches by severity 0..5. */
    public static final int[] PATCHES = {0, 1, 2, 3, 4, 5};

    /**
     * Side of a patch as a fraction of the frame's shorter side (rounded, at least 1 pixel): a quarter, so each
     * patch covers about 6% of a square frame and severity 5 at most about 31%.
     */
    public static final double SIDE_FRACTION = 0.25;

    private Occlusion() {
    }

    /** One patch: its top-left corner, side, and fill colour as 0xRRGGBB. */
    public record Patch(int x, int y, int side, int rgb) {
        public boolean contains(int px, int py) {
            return px >= x && px < x + side && py >= y && py < y + side;
        }
    }

    /** The patches a seed draws for a frame of the given size. */
    public static List<Patch> patches(int width, int height, int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("patch count must be non-negative, got " + count);
        }
        int side = Math.max(1, (int) Math.round(SIDE_FRACTION * Math.min(width, height)));
        SplittableRandom rng = new SplittableRandom(seed);
        List<Patch> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int x = rng.nextInt(width - side + 1);
            int y = rng.nextInt(height - side + 1);
            out.add(new Patch(x, y, side, rng.nextInt(1 << 24)));
        }
        return out;
    }

    /** The frame with the patches painted over it, in order. */
    public static RgbImage occlude(RgbImage frame, List<Patch> patches) {
        int w = frame.width();
        byte[] out = frame.rgb().clone();
        for (Patch p : patches) {
            if (p.x() < 0 || p.y() < 0 || p.x() + p.side() > w || p.y() + p.side() > frame.height()) {
                throw new IllegalArgumentException("patch " + p + " leaves the " + w + "x" + frame.height()
                        + " frame");
            }
            for (int y = p.y(); y < p.y() + p.side(); y++) {
                for (int x = p.x(); x < p.x() + p.side(); x++) {
                    int i = (y * w + x) * 3;
                    out[i] = (byte) (p.rgb() >> 16);
                    out[i + 1] = (byte) (p.rgb() >> 8);
                    out[i + 2] = (byte) p.rgb();
                }
            }
        }
        return new RgbImage(w, frame.height(), out);
    }
}
