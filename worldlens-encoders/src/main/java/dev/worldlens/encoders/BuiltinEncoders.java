package dev.worldlens.encoders;

import dev.worldlens.core.InvalidInputException;
import dev.worldlens.encoders.external.ExternalEncoders;
import dev.worldlens.encoders.family.Families;
import dev.worldlens.encoders.family.TrainedEncoder;
import dev.worldlens.encoders.family.TrainedModelSpec;
import dev.worldlens.encoders.reference.MotionEncoder;
import dev.worldlens.nn.vit.VitConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * Names the built-in encoders can be asked for on the command line: {@code state} (the simulator state, an upper
 * reference), {@code raw[:SIDE]} (downsampled pixels), {@code random-vit[:SEED]} (an untrained ViT, a lower
 * reference with a real architecture), {@code motion[:N]} (the observability ceiling: N frame-to-frame global motions
 * plus 16x16 pixels, see {@link MotionEncoder}), a folder written by {@code worldlens pretrain} (a trained built-in
 * family), or {@code untrained:RUN} (that run's family with the weights it started from: its untrained twin). The
 * supervised pixel inverse-dynamics reference reads {@code raw:SIDE} at the image's own side.
 */
public final class BuiltinEncoders {
    public static final List<String> NAMES = List.of("state", "raw", "random-vit", "motion");
    /** Prefix of a pretraining run's untrained twin: {@code untrained:RUN}. */
    public static final String UNTRAINED = "untrained:";

    private BuiltinEncoders() {
    }

    /**
     * Creates a built-in encoder, or opens an exported model when the spec is a model card path (.yaml, .yml,
     * .json); {@code stateDim} is the dataset's state width (for the state oracle).
     */
    public static Encoder create(String spec, int stateDim) {
        if (ExternalEncoders.isCardPath(spec)) {
            return ExternalEncoders.open(Path.of(spec));
        }
        if (spec.startsWith(UNTRAINED)) {
            return TrainedEncoder.untrained(Path.of(spec.substring(UNTRAINED.length())), Families::create);
        }
        if (TrainedModelSpec.isRun(Path.of(spec))) {
            return TrainedEncoder.open(Path.of(spec), Families::create);
        }
        String[] parts = spec.split(":", 2);
        String name = parts[0];
        String arg = parts.length > 1 ? parts[1] : null;
        try {
            return switch (name) {
                case "state", "state-oracle" -> {
                    if (stateDim <= 0) {
                        throw new InvalidInputException("encoder", "the state oracle needs a dataset with "
                                + "observation.state; this one has none");
                    }
                    yield new StateOracleEncoder(stateDim);
                }
                case "raw", "raw-pixels" -> new RawPixelsEncoder(arg == null ? RawPixelsEncoder.DEFAULT_SIDE
                        : Integer.parseInt(arg));
                case "random-vit" -> new RandomVitEncoder(VitConfig.small64(), arg == null ? 0 : Long.parseLong(arg));
                case "motion" -> {
                    int n = arg == null ? MotionEncoder.DEFAULT_MOTIONS : Integer.parseInt(arg);
                    if (n < 1) {
                        throw new InvalidInputException("encoder", "'" + spec + "': motion:N needs N >= 1 "
                                + "frame-to-frame motions per clip, got " + n);
                    }
                    yield new MotionEncoder(n);
                }
                default -> throw new InvalidInputException("encoder", "unknown encoder '" + spec + "'; built-in "
                        + "encoders are " + NAMES + " (with an optional :ARG, e.g. raw:16, random-vit:1, motion:4)");
            };
        } catch (NumberFormatException e) {
            throw new InvalidInputException("encoder", "'" + arg + "' in '" + spec + "' is not a number");
        }
    }
}
