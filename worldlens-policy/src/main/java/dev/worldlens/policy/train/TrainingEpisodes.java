package dev.worldlens.policy.train;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Dataset;

import java.util.ArrayList;
import java.util.List;

/** A dataset's episodes for stage 2: the last ones held out for validation. */
public record TrainingEpisodes(List<Episode> train, List<Episode> validation, int stateDim) {
    public static TrainingEpisodes split(Dataset data, double validationFraction) {
        List<Episode> train = new ArrayList<>();
        List<Episode> validation = new ArrayList<>();
        EpisodeSource source = data.source();
        int n = source.size();
        int held = Math.max(1, (int) Math.round(n * validationFraction));
        if (n - held < 1) {
            throw new InvalidInputException(data.path(), "episodes", "needs at least 2 episodes, has " + n);
        }
        for (int i = 0; i < n; i++) {
            (i < n - held ? train : validation).add(source.episode(i));
        }
        return new TrainingEpisodes(train, validation, train.get(0).stateNames().size());
    }
}
