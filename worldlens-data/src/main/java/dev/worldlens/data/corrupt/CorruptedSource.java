package dev.worldlens.data.corrupt;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.FrameSource;
import dev.worldlens.core.RgbImage;

import java.util.List;
import java.util.Objects;

/**
 * A lazy corrupted view of a dataset: every camera frame an episode hands out is corrupted when it is read, with the
 * seed of that frame ({@link Corruption#frameSeed} of the view's seed, the episode's index, the camera and the time
 * step); actions, states, language windows and everything else are the wrapped episode's own. Nothing is computed or
 * held until a frame is asked for, so the view costs nothing for frames that are never read, and the same frame
 * always comes back the same.
 *
 * <p>The view does not own the wrapped source: closing it leaves the source open.
 */
public final class CorruptedSource implements EpisodeSource {
    private final EpisodeSource source;
    private final Corruption corruption;
    private final long seed;

    public CorruptedSource(EpisodeSource source, Corruption corruption, long seed) {
        this.source = Objects.requireNonNull(source, "source");
        this.corruption = Objects.requireNonNull(corruption, "corruption");
        this.seed = seed;
    }

    public Corruption corruption() {
        return corruption;
    }

    public long seed() {
        return seed;
    }

    @Override
    public String name() {
        return source.name() + " (" + corruption.id() + ", seed " + seed + ")";
    }

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public Episode episode(int index) {
        Episode e = source.episode(index);
        if (corruption.isIdentity()) {
            return e;
        }
        return new Episode(e.index(), e.sceneId(), frames(e.frames(), corruption, seed, e.index()), e.actions(),
                e.states(), e.actionSchema(), e.stateNames(), e.windows(), e.fps(), e.extras());
    }

    /** The frames of one episode (its index in the dataset given) corrupted lazily, every camera. */
    public static FrameSource frames(FrameSource frames, Corruption corruption, long seed, int episodeIndex) {
        return new CorruptedFrames(frames, corruption, seed, episodeIndex);
    }

    private record CorruptedFrames(FrameSource frames, Corruption corruption, long seed, int episodeIndex)
            implements FrameSource {
        @Override
        public List<String> cameras() {
            return frames.cameras();
        }

        @Override
        public int length() {
            return frames.length();
        }

        @Override
        public RgbImage frame(String camera, int t) {
            return corruption.apply(frames.frame(camera, t), Corruption.frameSeed(seed, episodeIndex, camera, t));
        }
    }
}
