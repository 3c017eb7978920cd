package dev.worldlens.encoders.reference;

import dev.worldlens.core.RgbImage;
import dev.worldlens.encoders.Clip;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.EncoderCard;
import dev.worldlens.encoders.RawPixelsEncoder;
import dev.worldlens.encoders.Tokens;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The observability ceiling, probed like any encoder: a classical motion estimator plus raw pixels. A clip is N + 1
 * frames ending at the frame being encoded; its one token is the N incoming frame-to-frame motions (tx, ty, rotation)
 * of the clip, oldest first, then the luma of the last frame area-averaged to 16 x 16 in [0, 1] (the RGB average of
 * {@link RawPixelsEncoder}, weighted as Rec. 601). Only layer 0 exists.
 *
 * <p>Why this shape: a probe sees the features of frames t and t+k; with k at most N, every motion between t and t+k
 * lies in the features of frame t+k, so even a linear probe can sum them (the target for k > 1 is the summed action).
 * Motions are {@link GlobalMotion} estimates on the luma of the frames at their own resolution: tx, ty in pixels of
 * the probed image (x right, y down), rotation in radians (x towards y) about the image centre. Frames repeated to pad
 * a clip at an episode start are identical, and identical frames give exactly zero motion.
 *
 * <p>Why luma and not the three colours: the pixels are there for what motion cannot show (the gripper's fingers), and
 * a ridge probe standardises every input and shrinks them all by one penalty. With 768 colour values beside 12
 * motions the penalty that keeps the pixels from overfitting shrank the motions too (headline 0.66 and 0.63 on the
 * quick preset's two split seeds); with 256 luma values it reads 0.75 and 0.76, the gripper group unchanged
 * (BENCHMARKS.md, "Reference rows on the quick data").
 *
 * <p>Within one {@link #encode} call each distinct frame is converted and its pyramid built once, and each distinct
 * consecutive pair estimated once, so the consecutive clips of an episode cost about one estimate per frame, not N.
 */
public final class MotionEncoder implements Encoder {
    public static final int DEFAULT_MOTIONS = 4;
    public static final int PIXEL_SIDE = RawPixelsEncoder.DEFAULT_SIDE;
    /** Values per motion: tx, ty, rotation. */
    public static final int MOTION_WIDTH = 3;

    private final int motions;
    private final GlobalMotion estimator;
    private final EncoderCard card;

    public MotionEncoder() {
        this(DEFAULT_MOTIONS);
    }

    public MotionEncoder(int motions) {
        this(motions, GlobalMotion.defaults());
    }

    /** @param motions N, the frame-to-frame motions per token (the clip is N + 1 frames) */
    public MotionEncoder(int motions, GlobalMotion estimator) {
        if (motions < 1) {
            throw new IllegalArgumentException("motion encoder: N (motions per clip) must be at least 1, got "
                    + motions);
        }
        this.motions = motions;
        this.estimator = estimator;
        int clip = motions + 1;
        int width = motions * MOTION_WIDTH + PIXEL_SIDE * PIXEL_SIDE;
        Map<String, String> properties = Map.of(
                "motions", Integer.toString(motions),
                "layout", motions + " x (tx, ty, rotation) oldest first, then the Rec. 601 luma of the last frame "
                        + "area-averaged to " + PIXEL_SIDE + "x" + PIXEL_SIDE + " in [0, 1] (y, x)",
                "motionUnits", "tx, ty in pixels of the probed image (x right, y down); rotation in radians "
                        + "(x towards y) about the image centre",
                "estimator", "Lucas-Kanade inverse compositional, Euclidean, on luma, " + estimator.levels()
                        + " pyramid levels x at most " + estimator.iterations() + " iterations",
                "padding", "frames repeated before an episode start give zero motion",
                "resize", "area");
        // one token step for the whole clip: the tubelet spans the clip
        this.card = new EncoderCard("motion-" + motions, "motion", PIXEL_SIDE, PIXEL_SIDE, new float[]{0, 0, 0},
                new float[]{1, 1, 1}, clip, clip, 1, width, 0, properties);
    }

    public int motions() {
        return motions;
    }

    @Override
    public EncoderCard card() {
        return card;
    }

    @Override
    public List<Tokens> encode(List<Clip> clips, int layer) {
        card.resolveLayer(layer);
        Map<RgbImage, Integer> ids = new HashMap<>();
        List<GlobalMotion.Pyramid> pyramids = new ArrayList<>();
        Map<Long, GlobalMotion.Motion> estimates = new HashMap<>();
        List<Tokens> out = new ArrayList<>(clips.size());
        for (int c = 0; c < clips.size(); c++) {
            List<RgbImage> frames = clips.get(c).frames();
            if (frames.size() != motions + 1) {
                throw new IllegalArgumentException("motion encoder " + card.name() + ": clip " + c + " has "
                        + frames.size() + " frames, expected clipLength " + (motions + 1));
            }
            float[] token = new float[card.width()];
            int previous = frameId(frames.get(0), c, ids, pyramids);
            for (int m = 0; m < motions; m++) {
                int next = frameId(frames.get(m + 1), c, ids, pyramids);
                GlobalMotion.Motion motion = GlobalMotion.Motion.NONE;
                if (next != previous) {
                    int a = previous;
                    motion = estimates.computeIfAbsent(((long) a << 32) | next,
                            key -> estimator.estimate(pyramids.get(a), pyramids.get(next)));
                }
                token[m * MOTION_WIDTH] = (float) motion.dx();
                token[m * MOTION_WIDTH + 1] = (float) motion.dy();
                token[m * MOTION_WIDTH + 2] = (float) motion.theta();
                previous = next;
            }
            float[] pixels = pixelLuma(clips.get(c).last());
            System.arraycopy(pixels, 0, token, motions * MOTION_WIDTH, pixels.length);
            out.add(new Tokens(1, 1, token.length, token));
        }
        return out;
    }

    /** The id of a frame by its content, building its pyramid the first time it is seen. */
    private int frameId(RgbImage frame, int clip, Map<RgbImage, Integer> ids, List<GlobalMotion.Pyramid> pyramids) {
        Integer id = ids.get(frame);
        if (id != null) {
            return id;
        }
        if (!pyramids.isEmpty() && (pyramids.get(0).width(0) != frame.width()
                || pyramids.get(0).height(0) != frame.height())) {
            throw new IllegalArgumentException("motion encoder " + card.name() + ": clip " + clip + " has a frame of "
                    + frame.width() + "x" + frame.height() + ", expected " + pyramids.get(0).width(0) + "x"
                    + pyramids.get(0).height(0) + " like the other frames of the batch");
        }
        pyramids.add(estimator.pyramid(luma(frame), frame.width(), frame.height()));
        ids.put(frame, pyramids.size() - 1);
        return pyramids.size() - 1;
    }

    /** The luma part of a token: the frame area-averaged to PIXEL_SIDE x PIXEL_SIDE, then Rec. 601 luma. */
    static float[] pixelLuma(RgbImage frame) {
        float[] rgb = RawPixelsEncoder.areaAverage(frame, PIXEL_SIDE, PIXEL_SIDE);
        float[] out = new float[PIXEL_SIDE * PIXEL_SIDE];
        for (int i = 0; i < out.length; i++) {
            out[i] = 0.299f * rgb[3 * i] + 0.587f * rgb[3 * i + 1] + 0.114f * rgb[3 * i + 2];
        }
        return out;
    }

    /** Rec. 601 luma in [0, 1], row-major. */
    static float[] luma(RgbImage image) {
        byte[] rgb = image.rgb();
        float[] out = new float[image.width() * image.height()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (0.299f * (rgb[3 * i] & 0xff) + 0.587f * (rgb[3 * i + 1] & 0xff)
                    + 0.114f * (rgb[3 * i + 2] & 0xff)) / 255f;
        }
        return out;
    }
}
