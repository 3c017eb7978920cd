package dev.worldlens.probe.fidelity;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.encoders.Clip;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.EncoderCard;
import dev.worldlens.encoders.Tokens;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A few randomised Tabletop episodes with a 16x16 top camera, and an encoder that sees nothing but noise. */
final class TinyWorld {
    private TinyWorld() {
    }

    static EpisodeSource episodes(int count, long seed) {
        GeneratorConfig c = GeneratorConfig.of(List.of(Scene.A, Scene.B, Scene.C), Setting.RANDOMISED)
                .withCameras(16, 8);
        EpisodeGenerator gen = new EpisodeGenerator(c, seed);
        List<Episode> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(gen.generate(i));
        }
        return EpisodeSource.of("fidelity-test-" + seed, list);
    }

    /** Gaussian features drawn afresh for every frame, whatever it shows: the floor of fidelity. */
    static Encoder noise(int width, long seed) {
        EncoderCard card = new EncoderCard("test-noise", "noise", 16, 16, new float[]{0, 0, 0},
                new float[]{1, 1, 1}, 1, 1, 1, width, 0, Map.of());
        return new Encoder() {
            private final SplittableRandom rng = new SplittableRandom(seed);

            @Override
            public EncoderCard card() {
                return card;
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
}
