package dev.worldlens.study;

import java.nio.file.Path;

/**
 * Where each stage of a study keeps its outputs, so that a study run again finds and reuses them: datasets,
 * pretraining runs, feature stores, probe results, fidelity decoders and corrupted feature stores.
 */
public record StudyLayout(Path root) {

    public Path dataset(String setting) {
        return root.resolve("data").resolve(setting);
    }

    public Path pretraining(String key) {
        return root.resolve("encoders").resolve(key);
    }

    /** Features of an encoder on a setting's dataset at a layer (-1: the last block). */
    public Path features(String setting, String key, int layer) {
        return root.resolve("features").resolve(setting).resolve(key).resolve(layerName(layer));
    }

    /** A probe result at gap k on a split seed; {@code budget} 0 means every training episode. */
    public Path probe(String setting, String key, int layer, String kind, int k, long splitSeed, int budget) {
        String name = key + "-" + layerName(layer) + "-" + kind + "-k" + k + "-s" + splitSeed
                + (budget > 0 ? "-b" + budget : "") + ".json";
        return root.resolve("probes").resolve(setting).resolve(name);
    }

    public Path fidelity(String key) {
        return root.resolve("fidelity").resolve(key);
    }

    public Path robustness(String key) {
        return root.resolve("robustness").resolve(key);
    }

    public Path figures() {
        return root.resolve("figures");
    }

    private static String layerName(int layer) {
        return layer < 0 ? "last" : "L" + layer;
    }
}
