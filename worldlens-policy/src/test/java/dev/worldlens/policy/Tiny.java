package dev.worldlens.policy;

import dev.worldlens.core.Episode;
import dev.worldlens.encoders.RandomVitEncoder;
import dev.worldlens.nn.vit.VitConfig;
import dev.worldlens.policy.eval.TabletopInputs;
import dev.worldlens.policy.features.EncoderFeatures;
import dev.worldlens.policy.head.ActionHeadConfig;
import dev.worldlens.policy.head.VideoFormerConfig;
import dev.worldlens.policy.vpp.VppConfig;
import dev.worldlens.sim.EpisodeGenerator;
import dev.worldlens.sim.GeneratorConfig;
import dev.worldlens.sim.Scene;
import dev.worldlens.sim.Setting;

import java.util.ArrayList;
import java.util.List;

/** Test-sized episodes, features and policies: 16x16 cameras, a one-block random ViT, width-32 models. */
public final class Tiny {
    private Tiny() {
    }

    /** Single-task expert episodes with 16x16 cameras, scenes as given, episode indices from {@code first}. */
    public static List<Episode> episodes(List<Scene> scenes, int first, int count) {
        EpisodeGenerator gen = new EpisodeGenerator(GeneratorConfig.of(scenes, Setting.STATIC).withCameras(16, 16), 7);
        List<Episode> out = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            out.add(gen.generate(i));
        }
        return out;
    }

    /** A random ViT at 16x16 with 8x8 patches (4 tokens of 32 per view), over both cameras. */
    public static RandomVitEncoder encoder() {
        return new RandomVitEncoder(VitConfig.image(16, 8, 32, 1, 2), 3);
    }

    public static EncoderFeatures features(RandomVitEncoder encoder) {
        return new EncoderFeatures(encoder, TabletopInputs.cameras(), -1);
    }

    /** Width 32 everywhere, one layer of each kind, chunks of 10 x 4. */
    public static VppConfig policy() {
        return VppConfig.defaults(TabletopInputs.vocabulary())
                .withFormer(VideoFormerConfig.builder().optWidth(32).optDepth(1).optHeads(2).optHeadDim(16)
                        .optQueriesPerFrame(4).optFfMult(2).build())
                .withHead(ActionHeadConfig.defaults().withWidth(32, 2).withDepth(1, 1));
    }
}
