package dev.worldlens.encoders.family;

import dev.worldlens.core.InvalidInputException;

import java.util.List;

/**
 * The built-in encoder families by name, in the order of the probing study's Table 1 ranking (best first):
 * video latent prediction, video masked autoencoding, pixel diffusion, image self-supervision, reconstruction
 * autoencoder, shortcut-forcing world model.
 */
public final class Families {
    public static final List<String> NAMES = List.of("vjepa", "videomae", "diffusion", "image-ssl", "vae", "shortcut");

    private Families() {
    }

    /** The family's default config (its options hold the default "steps", "batch" and "lr"). */
    public static FamilyConfig defaults(String family) {
        return switch (family) {
            case "image-ssl" -> ImageSslModel.defaults();
            case "vjepa" -> VjepaModel.defaults();
            case "videomae" -> VideoMaeModel.defaults();
            case "vae" -> VaeModel.defaults();
            case "diffusion" -> DiffusionModel.defaults();
            case "shortcut" -> ShortcutModel.defaults();
            default -> throw unknown(family);
        };
    }

    /** Builds the family named in the config. */
    public static FamilyModel create(FamilyConfig config, long seed) {
        return switch (config.family()) {
            case "image-ssl" -> ImageSslModel.create(config, seed);
            case "vjepa" -> VjepaModel.create(config, seed);
            case "videomae" -> VideoMaeModel.create(config, seed);
            case "vae" -> VaeModel.create(config, seed);
            case "diffusion" -> DiffusionModel.create(config, seed);
            case "shortcut" -> ShortcutModel.create(config, seed);
            default -> throw unknown(config.family());
        };
    }

    private static InvalidInputException unknown(String family) {
        return new InvalidInputException("family", "unknown family '" + family + "'; built-in families are "
                + NAMES);
    }
}
