package dev.worldlens.study;

import dev.worldlens.core.Dataset;
import dev.worldlens.core.Progress;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.encoders.BuiltinEncoders;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.core.split.Split;
import dev.worldlens.core.split.SplitConfig;
import dev.worldlens.probe.fidelity.FidelityConfig;
import dev.worldlens.probe.fidelity.FidelityJob;
import dev.worldlens.probe.fidelity.FidelityResult;
import dev.worldlens.encoders.pretrain.PretrainJob;

import java.util.ArrayList;
import java.util.List;

/**
 * Visual fidelity of the families' trained encoders and the raw and random-ViT references (the state oracle reads no
 * pixels; the untrained twins, motion and pixel-id are left out to keep the stage affordable): a pixel decoder trained
 * with the same budget on its frozen features of the training episodes, PSNR and SSIM on held-out frames, and the
 * family's own decoder where it has one. Each encoder's decoder folder is reused when a study is run again.
 */
final class StudyFidelity {
    private StudyFidelity() {
    }

    static List<StudyResults.FidelityRow> run(StudyConfig config, StudyLayout layout, List<StudyEncoder> encoders,
                                              Dataset data, SplitConfig splitConfig, Progress progress) {
        StudyConfig.Fidelity f = config.fidelity();
        FidelityConfig fc = FidelityConfig.defaults().withSteps(f.steps()).withBatch(f.batch())
                .withLearningRate(f.lr()).withFrames(FidelityConfig.defaults().maxTrainFrames(), f.testFrames())
                .withCamera(config.data().camera()).withSeed(config.seed());
        List<StudyResults.FidelityRow> out = new ArrayList<>();
        EpisodeSource source = data.source();
        Split split = PretrainJob.split(source, splitConfig);
        int stateDim = source.episode(0).stateNames().size();
        for (StudyEncoder e : encoders) {
            if (!e.learned() && !e.key().equals("raw") && !e.key().equals("random-vit")) {
                continue; // the state has no pixels to decode; twins, motion and pixel-id add cost, not a comparison
            }
            FidelityResult r;
            try (Encoder encoder = BuiltinEncoders.create(e.spec(), stateDim)) {
                // the job's bar is named after the folder, "fidelity KEY"
                r = new FidelityJob(fc).run(encoder, source, split.train(), split.test(), layout.fidelity(e.key()),
                        progress);
            }
            out.add(new StudyResults.FidelityRow(e.key(), e.variant(), r.psnr(), r.ssim(), r.nativePsnr(),
                    r.nativeSsim(), r.evalFrames()));
        }
        return out;
    }
}
