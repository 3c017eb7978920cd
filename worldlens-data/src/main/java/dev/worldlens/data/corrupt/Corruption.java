package dev.worldlens.data.corrupt;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One corruption at one severity: a pure function of a frame and a seed. Severity 0 returns the frame itself; the
 * same frame and seed always give the same image. Written and parsed as {@code type:severity}, e.g.
 * {@code gaussian_blur:3}.
 */
public record Corruption(CorruptionType type, int severity) {

    public Corruption {
        Objects.requireNonNull(type, "type");
        if (severity < 0 || severity > CorruptionType.MAX_SEVERITY) {
            throw new InvalidInputException("corruption", "severity of " + type.id() + " must be 0.."
                    + CorruptionType.MAX_SEVERITY + ", got " + severity);
        }
    }

    /** The frame corrupted with this seed (see {@link #frameSeed} for the seed of one frame of a dataset). */
    public RgbImage apply(RgbImage frame, long seed) {
        Objects.requireNonNull(frame, "frame");
        return severity == 0 ? frame : type.corrupt(frame, severity, seed);
    }

    public boolean isIdentity() {
        return severity == 0;
    }

    /** {@code type:severity}, the form {@link #parse} reads. */
    public String id() {
        return type.id() + ":" + severity;
    }

    /** The parameter at this severity, in words. */
    public String parameter() {
        return type.parameter(severity);
    }

    @Override
    public String toString() {
        return id();
    }

    /** Reads {@code type:severity} (type as {@link CorruptionType#parse}, severity 0..5). */
    public static Corruption parse(String spec) {
        String s = spec.trim();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new InvalidInputException("corruption", "'" + spec + "' has no severity; write TYPE:SEVERITY, e.g. "
                    + "gaussian_blur:3 (severity 0.." + CorruptionType.MAX_SEVERITY + ")");
        }
        CorruptionType type = CorruptionType.parse(s.substring(0, colon));
        String level = s.substring(colon + 1).trim();
        int severity;
        try {
            severity = Integer.parseInt(level);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("corruption", "severity '" + level + "' in '" + spec + "' is not a "
                    + "whole number 0.." + CorruptionType.MAX_SEVERITY);
        }
        return new Corruption(type, severity);
    }

    /**
     * Reads a comma-separated list of specs, where a type alone or {@code type:all} means severities 1..5 and
     * {@code type:a-b} a range, e.g. {@code gaussian_noise,gaussian_blur:1-3,jpeg:5}.
     */
    public static List<Corruption> parseList(String specs) {
        List<Corruption> out = new ArrayList<>();
        for (String part : specs.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.lastIndexOf(':');
            String level = colon < 0 ? "all" : p.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            if (level.equals("all") || level.contains("-")) {
                CorruptionType type = CorruptionType.parse(colon < 0 ? p : p.substring(0, colon));
                int lo = 1;
                int hi = CorruptionType.MAX_SEVERITY;
                if (!level.equals("all")) {
                    String[] ends = level.split("-", 2);
                    try {
                        lo = Integer.parseInt(ends[0].trim());
                        hi = Integer.parseInt(ends[1].trim());
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException("corruption", "severity range '" + level + "' in '" + p
                                + "' is not FROM-TO, e.g. 1-5");
                    }
                    if (lo > hi) {
                        throw new InvalidInputException("corruption", "severity range '" + level + "' in '" + p
                                + "' runs backwards");
                    }
                }
                for (int s = lo; s <= hi; s++) {
                    out.add(new Corruption(type, s));
                }
            } else {
                out.add(parse(p));
            }
        }
        return out;
    }

    /** Severities 1..5 of a type. */
    public static List<Corruption> sweep(CorruptionType type) {
        List<Corruption> out = new ArrayList<>();
        for (int s = 1; s <= CorruptionType.MAX_SEVERITY; s++) {
            out.add(new Corruption(type, s));
        }
        return out;
    }

    /**
     * The seed of one frame of a dataset: a mix of the run's seed, the episode's index, the camera and the frame's
     * time step, so every frame gets its own noise, the same every time it is read (a resumed encode sees the same
     * corruption), and independent of the severity (a sweep uses the same draws at every severity).
     */
    public static long frameSeed(long seed, int episodeIndex, String camera, int t) {
        long h = mix(seed ^ 0x5851F42D4C957F2DL);
        h = mix(h + 0x9E3779B97F4A7C15L * (episodeIndex + 1L));
        h = mix(h + 0xC2B2AE3D27D4EB4FL * (camera.hashCode() & 0xffffffffL));
        return mix(h + 0x165667B19E3779F9L * (t + 1L));
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser (the mixer of SplittableRandom). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
