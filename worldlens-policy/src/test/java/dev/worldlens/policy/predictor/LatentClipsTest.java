package dev.worldlens.policy.predictor;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.nn.SingleTorchThread;
import dev.worldlens.core.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SingleTorchThread.class)
class LatentClipsTest {
    private static final PredictorConfig CONFIG = PredictorConfig.tiny();
    private static FrameAutoencoder autoencoder;

    @BeforeAll
    static void open() {
        autoencoder = TinyTabletop.autoencoder(CONFIG);
    }

    @AfterAll
    static void close() {
        autoencoder.close();
    }

    @Test
    void clipsAreCutFromWindowsWithFrameAndStartStride() {
        EpisodeSource source = TinyTabletop.episodes(2);
        LatentClips clips = LatentClips.load(source, List.of(0, 1), CONFIG.cameras(), autoencoder, 8, 2, true, null,
                Progress.Bar.NONE);
        int expected = 0;
        for (int e = 0; e < 2; e++) {
            for (LanguageWindow w : source.episode(e).windows()) {
                int used = (w.length() + 1) / 2; // frames start, start + 2, ... inside the window
                expected += 2 * Math.max(1, used - 8 + 1);
            }
        }
        assertEquals(expected, clips.clips());
        // clip k of a sequence shows frames start + 2k, start + 2k + 2, ..., the last frame repeated past the end
        Episode ep = source.episode(0);
        LanguageWindow w = ep.windows().get(0);
        int last = w.start() + (w.length() - 1) / 2 * 2;
        int checked = 0;
        for (int clip = 0; clip < clips.clips(); clip++) {
            LatentClips.Sequence s = clips.sequence(clip);
            if (s.episode() != 0 || s.camera() != 1) {
                continue;
            }
            int k = clip - clips.firstClips().stream().filter(i -> clips.sequence(i) == s).findFirst().orElseThrow();
            for (int f = 0; f < 8; f++) {
                int t = Math.min(last, w.start() + 2 * (k + f));
                assertSame(ep.frames().frame("gripper", t), clips.frames(clip).get(f), "clip " + clip + " frame " + f);
            }
            assertEquals(w.instruction(), s.instruction());
            checked++;
        }
        assertEquals(Math.max(1, (w.length() + 1) / 2 - 8 + 1), checked);
        // a clip's latents are the autoencoder's codes of those frames
        int first = clips.firstClips().get(0);
        float[] codes = autoencoder.encode(clips.frames(first));
        assertArrayEquals(codes, clips.clips(new int[]{first}).latents(), 1e-6f);
        // batches are a function of the random source
        assertArrayEquals(clips.batch(new SplittableRandom(3), 5).latents(),
                clips.batch(new SplittableRandom(3), 5).latents());
        assertTrue(clips.batch(new SplittableRandom(3), 5).instructions().stream().noneMatch(String::isEmpty));
    }

    @Test
    void anUnknownCameraIsNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LatentClips.load(
                TinyTabletop.episodes(2), List.of(0), List.of("top", "wrist"), autoencoder, 8, 2, false, null,
                Progress.Bar.NONE));
        assertTrue(e.getMessage().contains("'wrist'") && e.getMessage().contains("camera"), e.getMessage());
    }
}
