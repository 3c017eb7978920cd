package dev.worldlens.data.corrupt;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The image corruptions of the robustness evaluation (study section 6), named after ImageNet-C where one of its
 * corruptions is meant. Each has severities 1..5 whose parameter is given by a table in its family's class (see
 * {@link #parameter}); severity 0 is the identity. Random corruptions draw everything from the seed they are given.
 *
 * <table>
 *   <caption>Parameter by severity 1..5</caption>
 *   <tr><th>id</th><th>parameter</th><th>1</th><th>2</th><th>3</th><th>4</th><th>5</th></tr>
 *   <tr><td>gaussian_noise</td><td>sigma on [0, 1]</td><td>0.025</td><td>0.05</td><td>0.075</td><td>0.10</td>
 *       <td>0.15</td></tr>
 *   <tr><td>shot_noise</td><td>photons c (Poisson(x c) / c)</td><td>60</td><td>25</td><td>12</td><td>5</td>
 *       <td>3</td></tr>
 *   <tr><td>gaussian_blur</td><td>kernel size (sigma 0.8 .. 2.0)</td><td>3</td><td>5</td><td>7</td><td>9</td>
 *       <td>11</td></tr>
 *   <tr><td>motion_blur</td><td>line length, angle U[-45, 45] degrees</td><td>3</td><td>5</td><td>7</td>
 *       <td>9</td><td>11</td></tr>
 *   <tr><td>brightness</td><td>HSV value shift</td><td>0.1</td><td>0.2</td><td>0.3</td><td>0.4</td><td>0.5</td></tr>
 *   <tr><td>contrast</td><td>factor on the deviation from the mean</td><td>0.4</td><td>0.3</td><td>0.2</td>
 *       <td>0.1</td><td>0.05</td></tr>
 *   <tr><td>jpeg_compression</td><td>JPEG quality</td><td>25</td><td>18</td><td>15</td><td>10</td><td>7</td></tr>
 *   <tr><td>pixelate</td><td>block side in pixels</td><td>2</td><td>3</td><td>4</td><td>6</td><td>8</td></tr>
 *   <tr><td>occlusion</td><td>patches of a quarter of the short side</td><td>1</td><td>2</td><td>3</td><td>4</td>
 *       <td>5</td></tr>
 *   <tr><td>colour_jitter</td><td>brightness/contrast/saturation strength, hue</td><td>0.1, 0.02</td>
 *       <td>0.2, 0.04</td><td>0.3, 0.06</td><td>0.4, 0.08</td><td>0.5, 0.10</td></tr>
 * </table>
 */
public enum CorruptionType {
    /** Additive Gaussian pixel noise (the study's sigma 0.15 at severity 5). */
    GAUSSIAN_NOISE("gaussian_noise", true) {
        @Override
        RgbImage corrupt(RgbImage frame, int severity, long seed) {
            return Noise.gaussian(frame, Noise.GAUSSIAN_SIGMA[severity], seed);
        }

        @Override
        public String parameter(int severity) {
            return "sigma " + Noise.GAUSSIAN_SIGMA[check(severity)];
        }
    },
    /** Poisson (shot) noise, ImageNet-C's photon counts. */
    SHOT_NOISE("shot_noise", true) {
        @Override
        RgbImage corrupt(RgbImage frame, int severity, long seed) {
            return Noise.shot(frame, Noise.SHOT_PHOTONS[severity], seed);
        }

        @Override
        public String parameter(int severity) {
            return check(severity) == 0 ? "no noise" : "photons " + (int) Noise.SHOT_PHOTONS[severity];
        }
    },
    /** Separable Gaussian blur (the study's kernel 11 at severity 5). */
    GAUSSIAN_BLUR("gaussian_blur", false) {
        @Override
        RgbImage corrupt(RgbImage frame, int severity, long seed) {
            return Blur.gaussian(frame, Blur.GAUSSIAN_KERNEL[severity]);
        }

        @Override
        public String parameter(int severity) {
            int k = Blur.GAUSSIAN_KERNEL[check(severity)];
            return String.format(Locale.ROOT, "kernel %d, sigma %.1f", k, k == 1 ? 0 : Blur.defaultSigma(k));
        }
    },
    /** Linear motion blur at an angle drawn per frame. */
    MOTION_BLUR("motion_blur", true) {
        @Override
        RgbImage corrupt(RgbImage frame, int severity, long seed) {
            return Blur.motion(frame, Blur.MOTION_LENGTH[severity], Blur.motionAngle(seed));
        }

        @Override
        public String parameter(int severity) {
            return "length " + Blur.MOTION_LENGTH[check(severity)];
        }
    },
    /** HSV value shift. */
    BRIGHTNESS("brightness", false) {
        @Override
        RgbImage corrupt(RgbImage frame, int severity, long seed) {
            return Photometric.brightness(frame, Photometric.BRIGHTNESS_SHIFT[severity]);
        }

        @Override
        public String parameter(int severity) {
            return "value +" + Photometric.BRIGHTNESS_SHIFT[check(severity)];
        }
    },
    /** Contrast reduction towards each channel's mean. */
    CONTRAST("contrast", false) {
        @Override
        RgbImage corrupt(RgbImage frame, int severity, long seed) {
            return Photometric.contrast(frame, Photometric.CONTRAST_FACTOR[severity]);
        }

        @Override
        public String parameter(int severity) {
            return "factor " + Photometric.CONTRAST_FACTOR[check(severity)];
        }
    },
    /** JPEG compression through javax.imageio's codec. */
    JPEG_COMPRESSION("jpeg_compression", false) {
        @Override
        RgbImage corrupt(RgbImage frame, int severity, long seed) {
            return Jpeg.compress(frame, Jpeg.QUALITY[severity]);
        }

        @Override
        public String parameter(int severity) {
            return check(severity) == 0 ? "uncompressed" : "quality " + Jpeg.QUALITY[severity];
        }
    },
    /** Block means. */
    PIXELATE("pixelate", false) {
        @Override
        RgbImage corrupt(RgbImage frame, int severity, long seed) {
            return Pixelate.pixelate(frame, Pixelate.BLOCK[severity]);
        }

        @Override
        public String parameter(int severity) {
            return "block " + Pixelate.BLOCK[check(severity)];
        }
    },
    /** Solid square patches at random places. */
    OCCLUSION("occlusion", true) {
        @Override
        RgbImage corrupt(RgbImage frame, int severity, long seed) {
            return Occlusion.occlude(frame, Occlusion.patches(frame.width(), frame.height(),
                    Occlusion.PATCHES[severity], seed));
        }

        @Override
        public String parameter(int severity) {
            return "patches " + Occlusion.PATCHES[check(severity)];
        }
    },
    /** torchvision-style colour jitter drawn per frame. */
    COLOUR_JITTER("colour_jitter", true) {
        @Override
        RgbImage corrupt(RgbImage frame, int severity, long seed) {
            return Photometric.colourJitter(frame, Photometric.drawJitter(Photometric.JITTER_STRENGTH[severity],
                    Photometric.JITTER_HUE[severity], seed));
        }

        @Override
        public String parameter(int severity) {
            check(severity);
            return "strength " + Photometric.JITTER_STRENGTH[severity] + ", hue " + Photometric.JITTER_HUE[severity];
        }
    };

    public static final int MAX_SEVERITY = 5;

    private final String id;
    private final boolean random;

    CorruptionType(String id, boolean random) {
        this.id = id;
        this.random = random;
    }

    /** The name used in specs and folder names: gaussian_noise, gaussian_blur, ... */
    public String id() {
        return id;
    }

    /** Whether the result depends on the seed (noise, angles, patches, jitter draws). */
    public boolean isRandom() {
        return random;
    }

    /** The corruption's parameter at a severity, in words ("sigma 0.15", "kernel 11, sigma 2.0"). */
    public abstract String parameter(int severity);

    /** Applies the corruption at severity 1..5 (the caller handles 0). */
    abstract RgbImage corrupt(RgbImage frame, int severity, long seed);

    /** The ids of all types, in order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(CorruptionType::id).toList();
    }

    /**
     * The type of an id, case-insensitive, '-' read as '_'; also accepted: jpeg (jpeg_compression), pixelation
     * (pixelate), color_jitter (colour_jitter).
     */
    public static CorruptionType parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (n) {
            case "jpeg":
                return JPEG_COMPRESSION;
            case "pixelation":
                return PIXELATE;
            case "color_jitter":
                return COLOUR_JITTER;
            default:
                for (CorruptionType t : values()) {
                    if (t.id.equals(n)) {
                        return t;
                    }
                }
                throw new InvalidInputException("corruption", "unknown corruption '" + name + "'; known: "
                        + String.join(", ", ids()));
        }
    }

    static int check(int severity) {
        if (severity < 0 || severity > MAX_SEVERITY) {
            throw new InvalidInputException("corruption", "severity must be 0.." + MAX_SEVERITY + ", got "
                    + severity);
        }
        return severity;
    }
}
