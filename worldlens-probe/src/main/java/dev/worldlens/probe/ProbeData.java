package dev.worldlens.probe;
import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.split.EpisodeInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * All transitions (t, t+k) of a feature store with their targets ({@link ActionTarget}: a_t, or the summed actions
 * between the frames), and the episode facts a split needs. Reading checks every feature and action for NaN and
 * infinity, and that k fits in every episode.
 */
public record ProbeData(PairSet pairs, List<EpisodeInfo> episodes, ActionSchema schema, int k, ActionTarget target) {

    public ProbeData {
        if (target == null) {
            throw new IllegalArgumentException("a probe data set needs a target");
        }
    }

    /** Data whose targets are a_t (what every caller had before the target choice). */
    public ProbeData(PairSet pairs, List<EpisodeInfo> episodes, ActionSchema schema, int k) {
        this(pairs, episodes, schema, k, ActionTarget.FIRST);
    }

    /** The transitions with a_t as target, whatever k (the behaviour before {@link ActionTarget} existed). */
    public static ProbeData load(FeatureStore store, int k, boolean withTokens) {
        return load(store, k, ActionTarget.FIRST, withTokens);
    }

    public static ProbeData load(FeatureStore store, int k, ActionTarget target, boolean withTokens) {
        if (target == null) {
            throw new InvalidInputException("target", "expected first or sum, got nothing");
        }
        if (k < 1) {
            throw new InvalidInputException("k", "must be at least 1, got " + k);
        }
        int frames = 0;
        int pairs = 0;
        for (StoreIndex.Entry e : store.index().episodes()) {
            if (e.length() <= k) {
                throw new InvalidInputException(store.root().resolve(e.file()), "k", "k = " + k + " is not shorter "
                        + "than episode " + e.index() + " (" + e.length() + " frames): no (t, t+k) pair fits");
            }
            frames += e.length();
            pairs += e.length() - k;
        }
        int d = store.index().encoder().width();
        int a = store.index().actionNames().size();
        boolean[] gripper = ActionTarget.gripperMask(store.actionSchema(), a);
        float[] pooled = new float[Math.multiplyExact(frames, d)];
        float[] tokens = null;
        int perFrame = 0;
        int[] first = new int[pairs];
        int[] second = new int[pairs];
        float[][] targets = new float[pairs][];
        int[] episodeOf = new int[pairs];
        List<EpisodeInfo> infos = new ArrayList<>();
        int frameBase = 0;
        int p = 0;
        for (int i = 0; i < store.size(); i++) {
            StoreIndex.Entry entry = store.index().episodes().get(i);
            EpisodeFeatures f = store.episode(i, withTokens);
            Path file = store.root().resolve(entry.file());
            checkFinite(f.pooled(), file, "features", d);
            checkFinite(f.actions(), file, "actions", a);
            if (withTokens) {
                if (!f.hasTokens()) {
                    throw new InvalidInputException(file, "tokens", "this store kept no tokens; encode again with "
                            + "--keep-tokens for an attentive probe");
                }
                checkFinite(f.tokens(), file, "tokens", f.tokensPerFrame() * d);
                if (tokens == null) {
                    perFrame = f.tokensPerFrame();
                    tokens = new float[Math.multiplyExact(Math.multiplyExact(frames, perFrame), d)];
                }
                System.arraycopy(f.tokens(), 0, tokens, frameBase * perFrame * d, f.length() * perFrame * d);
            }
            System.arraycopy(f.pooled(), 0, pooled, frameBase * d, f.length() * d);
            for (int t = 0; t + k < f.length(); t++) {
                first[p] = frameBase + t;
                second[p] = frameBase + t + k;
                targets[p] = target.of(f.actions(), a, t, k, gripper);
                episodeOf[p] = i;
                p++;
            }
            Set<String> families = new LinkedHashSet<>();
            for (LanguageWindow w : entry.windows()) {
                families.add(EpisodeInfo.family(w.taskId()));
            }
            infos.add(new EpisodeInfo(i, entry.index(), entry.sceneId(), families, entry.length()));
            frameBase += f.length();
        }
        FrameFeatures ff = new FrameFeatures(frames, d, pooled, perFrame, tokens);
        return new ProbeData(new PairSet(ff, first, second, targets, episodeOf), infos, store.actionSchema(), k,
                target);
    }

    private static void checkFinite(float[] values, Path file, String field, int rowWidth) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InvalidInputException(file, field, "frame " + (i / rowWidth) + " value " + (i % rowWidth)
                        + " is " + values[i] + "; probes need finite numbers");
            }
        }
    }

    /** Pairs whose episode is in the given set of store positions. */
    public PairSet pairsOf(int[] episodePositions) {
        int size = episodes.size();
        for (int e : pairs.episodeOf()) {
            size = Math.max(size, e + 1);
        }
        boolean[] keep = new boolean[size];
        for (int e : episodePositions) {
            keep[e] = true;
        }
        int n = 0;
        for (int e : pairs.episodeOf()) {
            if (keep[e]) {
                n++;
            }
        }
        int[] positions = new int[n];
        int j = 0;
        for (int i = 0; i < pairs.size(); i++) {
            if (keep[pairs.episodeOf()[i]]) {
                positions[j++] = i;
            }
        }
        return pairs.subset(positions);
    }
}
