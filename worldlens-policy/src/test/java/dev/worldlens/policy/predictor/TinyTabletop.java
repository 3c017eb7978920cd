package dev.worldlens.policy.predictor;

import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.Progress;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;

import java.util.ArrayList;
import java.util.List;

/** A handful of expert Tabletop episodes with both cameras at 16x16, generated once per test JVM. */
final class TinyTabletop {
    private static List<Episode> cache;

    private TinyTabletop() {
    }

    static synchronized EpisodeSource episodes(int n) {
        if (cache == null || cache.size() < n) {
            GeneratorConfig config = GeneratorConfig.of(List.of(Scene.A, Scene.B), Setting.STATIC)
                    .withCameras(16, 16);
            EpisodeGenerator generator = new EpisodeGenerator(config, 3);
            List<Episode> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(generator.generate(i));
            }
            cache = out;
        }
        return EpisodeSource.of("tiny tabletop", cache.subList(0, n));
    }

    /** An untrained autoencoder of the tiny config (random weights still give a deterministic latent code). */
    static FrameAutoencoder autoencoder(PredictorConfig config) {
        return FrameAutoencoder.create(FrameAutoencoder.config(config.frameSize(), config.autoencoderFactor(),
                config.autoencoderWidth(), config.latentChannels()), 1);
    }

    /** The latent statistics of the first {@code n} episodes' clips, before standardisation. */
    static LatentScale rawScale(PredictorConfig config, FrameAutoencoder autoencoder, int n) {
        EpisodeSource source = episodes(n);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return LatentClips.load(source, all, config.cameras(), autoencoder, config.frames(), config.stride(), false,
                null, Progress.Bar.NONE).scale(autoencoder.latentChannels(), autoencoder.latentSide());
    }

    /** Standardised training clips of the first {@code n} episodes. */
    static LatentClips clips(PredictorConfig config, FrameAutoencoder autoencoder, int n) {
        EpisodeSource source = episodes(n);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        LatentClips clips = LatentClips.load(source, all, config.cameras(), autoencoder, config.frames(),
                config.stride(), true, null, Progress.Bar.NONE);
        clips.normalise(clips.scale(autoencoder.latentChannels(), autoencoder.latentSide()),
                autoencoder.latentSide());
        return clips;
    }
}
