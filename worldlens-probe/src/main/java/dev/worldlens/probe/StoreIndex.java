package dev.worldlens.probe;

import dev.worldlens.core.LanguageWindow;
import dev.worldlens.encoders.EncoderCard;

import java.util.List;
import java.util.Map;

/**
 * store.json of a feature store: which encoder (card, layer, camera, pooling) made the features from which data
 * (name and fingerprint), the action schema, and per episode its scene, length and language windows. The probe
 * needs nothing else, so a feature store can be probed without the dataset.
 */
public record StoreIndex(String format, EncoderCard encoder, int layer, String camera, String pooling,
                         boolean tokens, String source, String sourceFingerprint, List<String> actionNames,
                         Map<String, List<Integer>> actionGroups, List<Entry> episodes) {

    public static final String FORMAT = "worldlens-features/1";

    /** One episode of the store. */
    public record Entry(int index, String sceneId, int length, List<LanguageWindow> windows, String file) {
    }

    public StoreIndex {
        episodes = List.copyOf(episodes);
        actionNames = List.copyOf(actionNames);
    }
}
