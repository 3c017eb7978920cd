package dev.worldlens.encoders.reference;

import dev.worldlens.core.RgbImage;
import dev.worldlens.encoders.Clip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Frames per second of the motion reference on 64x64 frames, encoded as EncodeJob does (clips of N + 1 frames ending
 * at every frame of an episode, the first frame repeated before the start, batches of 64). Off by default; run with
 * {@code mvn -B -o test -pl worldlens-encoders -Dtest=MotionEncoderBenchmark -Dworldlens.bench=true}.
 */
@EnabledIfSystemProperty(named = "worldlens.bench", matches = "true")
class MotionEncoderBenchmark {
    @Test
    void framesPerSecondOn64x64Episodes() {
        int length = Integer.getInteger("worldlens.bench.frames", 256);
        SplittableRandom rng = new SplittableRandom(3);
        double[][] motions = new double[length - 1][];
        for (int i = 0; i < motions.length; i++) {
            motions[i] = new double[]{rng.nextDouble(-3, 3), rng.nextDouble(-3, 3), rng.nextDouble(-3, 3)};
        }
        List<RgbImage> episode = MotionEncoderTest.framesMovedBy(motions);
        for (int n : new int[]{1, 4}) {
            MotionEncoder encoder = new MotionEncoder(n);
            encodeEpisode(encoder, episode); // warm-up
            long t0 = System.nanoTime();
            int rounds = 3;
            for (int r = 0; r < rounds; r++) {
                encodeEpisode(encoder, episode);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "motion:%d on 64x64: %.0f frames/s (%d frames in %.2f s)%n", n,
                    rounds * length / seconds, rounds * length, seconds);
        }
    }

    private static void encodeEpisode(MotionEncoder encoder, List<RgbImage> episode) {
        int clip = encoder.card().clipLength();
        for (int start = 0; start < episode.size(); start += 64) {
            List<Clip> clips = new ArrayList<>();
            for (int t = start; t < Math.min(episode.size(), start + 64); t++) {
                List<RgbImage> frames = new ArrayList<>();
                for (int i = t - clip + 1; i <= t; i++) {
                    frames.add(episode.get(Math.max(0, i)));
                }
                clips.add(new Clip(frames, null));
            }
            encoder.encode(clips, 0);
        }
    }
}
