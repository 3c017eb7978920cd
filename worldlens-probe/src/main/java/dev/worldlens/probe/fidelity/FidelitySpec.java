package dev.worldlens.probe.fidelity;

import java.util.List;

/**
 * What a fidelity folder was made for: a folder is reused only for the same encoder (its card name carries a hash
 * of its weights for trained families), layer, data, episodes and budget.
 *
 * @param config the budget, with threads set to 0 (they do not change the numbers)
 */
public record FidelitySpec(String encoder, int layer, String source, List<Integer> trainEpisodes,
                           List<Integer> testEpisodes, FidelityConfig config) {
    public FidelitySpec {
        trainEpisodes = List.copyOf(trainEpisodes);
        testEpisodes = List.copyOf(testEpisodes);
    }
}
