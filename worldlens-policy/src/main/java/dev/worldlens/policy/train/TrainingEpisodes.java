package dev.worldlens.policy.train;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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

    /**
     * The same episodes without the language windows whose instruction is one of {@code heldOut} (in training and
     * validation alike), so that those phrasings are never seen before evaluation; the frames stay.
     */
    public TrainingEpisodes withoutInstructions(Set<String> heldOut) {
        return new TrainingEpisodes(without(train, heldOut), without(validation, heldOut), stateDim);
    }

    private static List<Episode> without(List<Episode> episodes, Set<String> heldOut) {
        List<Episode> out = new ArrayList<>();
        for (Episode e : episodes) {
            List<LanguageWindow> kept = e.windows().stream().filter(w -> !heldOut.contains(w.instruction())).toList();
            out.add(new Episode(e.index(), e.sceneId(), e.frames(), e.actions(), e.states(), e.actionSchema(),
                    e.stateNames(), kept, e.fps(), e.extras()));
        }
        return out;
    }
}
