package dev.worldlens.probe;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.Progress;
import dev.worldlens.encoders.Clip;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.EncoderCard;
import dev.worldlens.encoders.Tokens;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;
import dev.worldlens.sim.Tabletop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small Tabletop datasets and two reference encoders (the true state; pure noise) for probe tests. */
final class Fixtures {
    private Fixtures() {
    }

    static EpisodeSource tabletop(int episodes, long seed) {
        GeneratorConfig c = GeneratorConfig.of(List.of(Scene.A, Scene.B, Scene.C), Setting.RANDOMISED)
                .withCameras(16, 8);
        EpisodeGenerator gen = new EpisodeGenerator(c, seed);
        List<Episode> list = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            list.add(gen.generate(i));
        }
        return EpisodeSource.of("tabletop-test-" + seed, list);
    }

    static FeatureStore encode(Encoder encoder, EpisodeSource source, Path root) {
        return encode(encoder, source, root, Progress.NONE);
    }

    static FeatureStore encode(Encoder encoder, EpisodeSource source, Path root, Progress progress) {
        EncodeConfig config = new EncodeConfig(encoder.card().name(), -1, "top", "mean", false, 32, source.name(),
                "fingerprint-" + source.name());
        return new EncodeJob(encoder, config).run(source, root, progress);
    }

    /** The simulator state of the frame: the upper reference. */
    static Encoder state() {
        return new Encoder() {
            @Override
            public EncoderCard card() {
                return Fixtures.card("test-state", Tabletop.STATE_NAMES.size());
            }

            @Override
            public List<Tokens> encode(List<Clip> clips, int layer) {
                return clips.stream().map(c -> new Tokens(1, 1, c.state().length, c.state().clone())).toList();
            }
        };
    }

    /** Gaussian noise, the same for a frame whatever it shows: the lower reference. */
    static Encoder noise(int width, long seed) {
        return new Encoder() {
            private final SplittableRandom rng = new SplittableRandom(seed);

            @Override
            public EncoderCard card() {
                return Fixtures.card("test-noise", width);
            }

            @Override
            public List<Tokens> encode(List<Clip> clips, int layer) {
                List<Tokens> out = new ArrayList<>();
                for (Clip ignored : clips) {
                    float[] v = new float[width];
                    for (int i = 0; i < width; i++) {
                        v[i] = (float) rng.nextGaussian();
                    }
                    out.add(new Tokens(1, 1, width, v));
                }
                return out;
            }
        };
    }

    static EncoderCard card(String name, int width) {
        return new EncoderCard(name, name, 16, 16, new float[]{0, 0, 0}, new float[]{1, 1, 1}, 1, 1, 1, width, 0,
                Map.of());
    }
}
