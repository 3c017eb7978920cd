package dev.worldlens.encoders.reference;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;
import dev.worldlens.encoders.BuiltinEncoders;
import dev.worldlens.encoders.Clip;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.RawPixelsEncoder;
import dev.worldlens.encoders.Tokens;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MotionEncoderTest {
    static final int SIDE = 64;
    private static final GlobalMotionTest.Texture TEXTURE = new GlobalMotionTest.Texture(11);

    /** (tx px, ty px, rotation deg) from each frame of the clip to the next. */
    private static final double[][] MOTIONS = {{1.5, -0.8, 2}, {-2.2, 0.6, -1}, {0.3, 1.9, 0}, {3.1, -2.4, 1.5}};

    @Test
    void recoversTheKnownMotionsBetweenTheFramesOfAClipOldestFirst() {
        MotionEncoder encoder = new MotionEncoder();
        assertEquals(5, encoder.card().clipLength());
        Tokens t = encoder.encode(List.of(new Clip(framesMovedBy(MOTIONS), null)), 0).get(0);
        assertEquals(1, t.tokenCount());
        assertEquals(4 * 3 + 16 * 16, t.width());
        for (int m = 0; m < MOTIONS.length; m++) {
            assertEquals(MOTIONS[m][0], t.data()[3 * m], 0.03, "tx of motion " + m);
            assertEquals(MOTIONS[m][1], t.data()[3 * m + 1], 0.03, "ty of motion " + m);
            assertEquals(Math.toRadians(MOTIONS[m][2]), t.data()[3 * m + 2], Math.toRadians(0.1),
                    "rotation of motion " + m);
        }
    }

    @Test
    void paddedFramesGiveZeroMotionAndThePixelsAreTheRawReference() {
        List<RgbImage> moved = framesMovedBy(new double[][]{{2, 1, 0}, {-1, 2, 0}});
        // an episode start: the first frame repeated, as EncodeJob pads (a fresh copy, equal in content)
        RgbImage first = moved.get(0);
        RgbImage copy = new RgbImage(first.width(), first.height(), first.rgb().clone());
        Clip padded = new Clip(List.of(first, copy, first, moved.get(1), moved.get(2)), null);
        float[] v = new MotionEncoder().encode(List.of(padded), -1).get(0).data();
        for (int i = 0; i < 6; i++) {
            assertEquals(0f, v[i], "padded motions are exactly zero, value " + i);
        }
        assertEquals(2, v[6], 0.03);
        assertEquals(1, v[7], 0.03);
        assertEquals(-1, v[9], 0.03);
        float[] rgb = RawPixelsEncoder.areaAverage(moved.get(2), 16, 16);
        float[] tail = java.util.Arrays.copyOfRange(v, 12, v.length);
        assertEquals(256, tail.length);
        for (int i = 0; i < tail.length; i++) {
            assertEquals(0.299f * rgb[3 * i] + 0.587f * rgb[3 * i + 1] + 0.114f * rgb[3 * i + 2], tail[i], 1e-6f,
                    "luma of pixel " + i);
        }
    }

    @Test
    void isBuiltInAsMotionWithNAndNamesTheClipLengthItExpects() {
        try (Encoder two = BuiltinEncoders.create("motion:2", 0); Encoder four = BuiltinEncoders.create("motion", 0)) {
            assertEquals(3, two.card().clipLength());
            assertEquals(2 * 3 + 256, two.card().width());
            assertEquals("motion-4", four.card().name());
            assertTrue(four.card().properties().get("motionUnits").contains("radians"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> two.encode(List.of(Clip.of(framesMovedBy(new double[0][]).get(0))), 0));
            assertTrue(e.getMessage().contains("clipLength 3"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> two.encode(List.of(), 1));
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> BuiltinEncoders.create("motion:0", 0));
        assertTrue(e.getMessage().contains("motion"), e.getMessage());
    }

    /**
     * Frames of the texture, each the previous one moved by (tx, ty, rotation in degrees about the centre): content at
     * p in frame i is at R(theta) (p - c) + c + t in frame i + 1. Returns motions.length + 1 frames.
     */
    static List<RgbImage> framesMovedBy(double[][] motions) {
        List<RgbImage> frames = new ArrayList<>();
        double phi = 0;
        double sx = 0;
        double sy = 0;
        frames.add(render(phi, sx, sy));
        for (double[] m : motions) {
            // A_{i+1} = M_i o A_i with A(p) = R(phi) (p - c) + c + s: phi' = theta + phi, s' = R(theta) s + t
            double th = Math.toRadians(m[2]);
            double nx = Math.cos(th) * sx - Math.sin(th) * sy + m[0];
            double ny = Math.sin(th) * sx + Math.cos(th) * sy + m[1];
            phi += th;
            sx = nx;
            sy = ny;
            frames.add(render(phi, sx, sy));
        }
        return frames;
    }

    /** The texture under A(p) = R(phi) (p - c) + c + s: frame(q) = texture(A^-1 q). */
    static RgbImage render(double phi, double sx, double sy) {
        byte[] rgb = new byte[SIDE * SIDE * 3];
        double c = (SIDE - 1) / 2.0;
        double cos = Math.cos(phi);
        double sin = Math.sin(phi);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double qx = x - c - sx;
                double qy = y - c - sy;
                double v = TEXTURE.at(cos * qx + sin * qy + c, -sin * qx + cos * qy + c);
                int i = (y * SIDE + x) * 3;
                rgb[i] = clamp(128 + 60 * v);
                rgb[i + 1] = clamp(128 + 50 * v);
                rgb[i + 2] = clamp(128 + 40 * v);
            }
        }
        return new RgbImage(SIDE, SIDE, rgb);
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }
}
