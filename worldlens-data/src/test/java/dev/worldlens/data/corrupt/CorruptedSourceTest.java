package dev.worldlens.data.corrupt;

import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.FrameSource;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class CorruptedSourceTest {
    static final ActionSchema SCHEMA = ActionSchema.fromLabels(List.of("dx", "dyaw", "grip"),
            List.of("translation", "rotation", "gripper"));

    /** Frames that count how often they are read. */
    static final class CountingFrames implements FrameSource {
        final FrameSource inner;
        final AtomicInteger reads;

        CountingFrames(FrameSource inner, AtomicInteger reads) {
            this.inner = inner;
            this.reads = reads;
        }

        @Override
        public List<String> cameras() {
            return inner.cameras();
        }

        @Override
        public int length() {
            return inner.length();
        }

        @Override
        public RgbImage frame(String camera, int t) {
            reads.incrementAndGet();
            return inner.frame(camera, t);
        }
    }

    static EpisodeSource source(int episodes, AtomicInteger reads) {
        List<Episode> list = new ArrayList<>();
        for (int e = 0; e < episodes; e++) {
            int n = 4 + e;
            Map<String, List<RgbImage>> frames = new LinkedHashMap<>();
            List<RgbImage> top = new ArrayList<>();
            List<RgbImage> wrist = new ArrayList<>();
            float[][] actions = new float[n][3];
            float[][] states = new float[n][2];
            for (int t = 0; t < n; t++) {
                top.add(CorruptionTest.random(12, 10, 0, 255, 100L * e + t));
                wrist.add(CorruptionTest.random(6, 6, 0, 255, 1000L * e + t));
                actions[t] = new float[]{e + t, -t, t % 2};
                states[t] = new float[]{t * 0.5f, e};
            }
            frames.put("top", top);
            frames.put("wrist", wrist);
            list.add(new Episode(10 + e, "A", new CountingFrames(FrameSource.inMemory(frames), reads), actions,
                    states, SCHEMA, List.of("x", "y"), List.of(new LanguageWindow(0, n, "push/red", "push it")), 15,
                    Map.of("seed", Integer.toString(e))));
        }
        return EpisodeSource.of("synthetic", list);
    }

    @Test
    void framesAreCorruptedAndEverythingElseIsTheEpisodesOwn() {
        AtomicInteger reads = new AtomicInteger();
        EpisodeSource clean = source(3, reads);
        Corruption noise = Corruption.parse("gaussian_noise:4");
        CorruptedSource view = new CorruptedSource(clean, noise, 7);
        assertEquals(clean.size(), view.size());
        assertEquals("synthetic (gaussian_noise:4, seed 7)", view.name());
        for (int i = 0; i < clean.size(); i++) {
            Episode want = clean.episode(i);
            Episode got = view.episode(i);
            assertEquals(want.index(), got.index());
            assertEquals(want.sceneId(), got.sceneId());
            assertSame(want.actions(), got.actions());
            assertSame(want.states(), got.states());
            assertEquals(want.actionSchema(), got.actionSchema());
            assertEquals(want.stateNames(), got.stateNames());
            assertEquals(want.windows(), got.windows());
            assertEquals(want.fps(), got.fps());
            assertEquals(want.extras(), got.extras());
            assertEquals(want.frames().cameras(), got.frames().cameras());
            assertEquals(want.length(), got.frames().length());
            for (String camera : want.frames().cameras()) {
                for (int t = 0; t < want.length(); t++) {
                    RgbImage frame = want.frames().frame(camera, t);
                    RgbImage corrupted = got.frames().frame(camera, t);
                    assertNotEquals(frame, corrupted);
                    // exactly the corruption of that frame with the frame's own seed, every time it is read
                    assertEquals(noise.apply(frame, Corruption.frameSeed(7, want.index(), camera, t)), corrupted);
                    assertEquals(corrupted, view.episode(i).frames().frame(camera, t));
                }
            }
        }
        // another seed, another draw
        assertNotEquals(view.episode(0).frames().frame("top", 1),
                new CorruptedSource(clean, noise, 8).episode(0).frames().frame("top", 1));
        // severity 0 is the clean data
        assertSame(clean.episode(1).frames(),
                new CorruptedSource(clean, Corruption.parse("gaussian_noise:0"), 7).episode(1).frames());
    }

    @Test
    void theViewIsLazy() {
        AtomicInteger reads = new AtomicInteger();
        EpisodeSource clean = source(4, reads);
        CorruptedSource view = new CorruptedSource(clean, Corruption.parse("jpeg:3"), 0);
        Episode e = view.episode(2);
        e.frames().cameras();
        e.frames().length();
        assertEquals(0, reads.get(), "no frame is read before one is asked for");
        e.frames().frame("wrist", 3);
        assertEquals(1, reads.get(), "asking for one frame reads that frame only");
        for (Episode ep : view) {
            ep.actions();
        }
        assertEquals(1, reads.get());
    }
}
