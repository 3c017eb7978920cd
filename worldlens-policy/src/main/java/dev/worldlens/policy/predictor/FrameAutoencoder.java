package dev.worldlens.policy.predictor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.FrameSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RgbImage;
import dev.worldlens.encoders.ImagePreprocessor;
import dev.worldlens.encoders.family.FamilyConfig;
import dev.worldlens.encoders.family.FamilyModel;
import dev.worldlens.encoders.family.Families;
import dev.worldlens.encoders.family.PretrainData;
import dev.worldlens.encoders.family.PretrainObjective;
import dev.worldlens.encoders.family.TrainedEncoder;
import dev.worldlens.encoders.family.TrainedModelSpec;
import dev.worldlens.encoders.family.VaeModel;
import dev.worldlens.nn.train.LossCurves;
import dev.worldlens.nn.train.TrainingConfig;
import dev.worldlens.nn.train.TrainingLoop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The frame autoencoder the video predictor works in: the "vae" family's KL autoencoder (VPP uses SVD's VAE, vpp.md
 * 1.3), read from a finished {@code worldlens pretrain --family vae} run or trained here on the predictor's own
 * episodes, every camera's frames alike. Frames are resized to the autoencoder's input side and mapped to [-1, 1];
 * encoding reads the latent mean (SD's {@code latent_dist.mode()}), so it is deterministic.
 */
public final class FrameAutoencoder implements AutoCloseable {
    public static final int BATCH = 32;
    private static final String VIEW = "view";

    private final VaeModel model;
    private final ImagePreprocessor preprocessor;

    private FrameAutoencoder(FamilyModel model) {
        if (!(model instanceof VaeModel vae)) {
            throw new InvalidInputException("autoencoderRun", "expected a vae run, got family "
                    + model.config().family());
        }
        this.model = vae;
        int s = model.config().imageSize();
        this.preprocessor = new ImagePreprocessor(s, s, PretrainData.MEAN, PretrainData.STD);
    }

    /** The vae family config of an autoencoder trained here (one residual block per level, 8 GroupNorm groups). */
    public static FamilyConfig config(int imageSize, int factor, int width, int latentChannels) {
        int groups = Math.min(8, width);
        return FamilyConfig.builder().setFamily(VaeModel.FAMILY).setImageSize(imageSize).setPatchSize(factor)
                .setWidth(width).setDepth(1).setHeads(1)
                .optOptions(Map.of("latentChannels", Integer.toString(latentChannels), "maxMultiplier", "4", "groups",
                        Integer.toString(groups), "beta", "1e-4"))
                .build();
    }

    /** An autoencoder with freshly drawn weights. */
    public static FrameAutoencoder create(FamilyConfig config, long seed) {
        return new FrameAutoencoder(Families.create(config, seed));
    }

    /** A finished vae pretraining run (as {@code worldlens encode --encoder RUN} reads it). */
    public static FrameAutoencoder open(Path run) {
        if (!TrainedModelSpec.isRun(run)) {
            throw new InvalidInputException(run, "autoencoderRun", "not a pretraining run folder (no "
                    + TrainedModelSpec.FILE + ")");
        }
        TrainedEncoder encoder = TrainedEncoder.open(run, Families::create);
        return new FrameAutoencoder(encoder.model());
    }

    /**
     * Trains this autoencoder (or resumes its training) in {@code runDir} on the frames of {@code cameras} of the
     * listed episodes: batch 16, AdamW at 1e-3, the vae family's own loss; writes model.json so the folder is a
     * pretraining run {@link #open} reads, and the loss curves. Progress: bars "load autoencoder data", then "train
     * autoencoder".
     */
    public TrainingLoop.Outcome train(EpisodeSource source, List<Integer> episodes, List<String> cameras, int steps,
                                      long seed, Path runDir, Progress progress) {
        List<Integer> views = new ArrayList<>();
        long frames = 0;
        for (int e : episodes) {
            frames += (long) source.episode(e).length() * cameras.size();
        }
        for (int i = 0; i < episodes.size() * cameras.size(); i++) {
            views.add(i);
        }
        PretrainData data;
        try (Progress.Bar bar = progress.start("load autoencoder data", frames, 0)) {
            data = PretrainData.load(cameraViews(source, episodes, cameras), views, VIEW, imageSize(), bar);
        }
        new TrainedModelSpec(model.config(), seed, "", 0, data.actionDim(), steps).write(runDir);
        TrainingLoop.Outcome outcome = new TrainingLoop(TrainingConfig.defaults(steps, 1e-3, seed))
                .run(new PretrainObjective(model, data, 16, null, 0), runDir, progress, "train autoencoder");
        LossCurves.write(runDir, "frame autoencoder (vae)");
        return outcome;
    }

    /** Each (episode, camera) as a one-camera episode whose camera is called "view". */
    private static EpisodeSource cameraViews(EpisodeSource source, List<Integer> episodes, List<String> cameras) {
        List<Episode> out = new ArrayList<>();
        for (int e : episodes) {
            Episode ep = source.episode(e);
            for (String camera : cameras) {
                if (!ep.frames().cameras().contains(camera)) {
                    throw new InvalidInputException(source.name(), "camera", "episode " + ep.index()
                            + " has no camera '" + camera + "'; cameras are " + ep.frames().cameras());
                }
                FrameSource frames = new FrameSource() {
                    @Override
                    public List<String> cameras() {
                        return List.of(VIEW);
                    }

                    @Override
                    public int length() {
                        return ep.length();
                    }

                    @Override
                    public RgbImage frame(String c, int t) {
                        return ep.frames().frame(camera, t);
                    }
                };
                out.add(new Episode(ep.index(), ep.sceneId(), frames, ep.actions(), ep.states(), ep.actionSchema(),
                        ep.stateNames(), ep.windows(), ep.fps(), ep.extras()));
            }
        }
        return EpisodeSource.of(source.name() + " (" + String.join(", ", cameras) + ")", out);
    }

    public VaeModel model() {
        return model;
    }

    public int imageSize() {
        return model.config().imageSize();
    }

    public int latentChannels() {
        return model.latentChannels();
    }

    public int latentSide() {
        return model.latentSide();
    }

    /** Latent means [N, z, s, s] (flat, row-major) of frames of any size, in batches of {@link #BATCH}. */
    public float[] encode(List<RgbImage> frames) {
        int s = imageSize();
        int fs = preprocessor.frameSize();
        int latent = latentChannels() * latentSide() * latentSide();
        float[] out = new float[frames.size() * latent];
        for (int from = 0; from < frames.size(); from += BATCH) {
            int n = Math.min(BATCH, frames.size() - from);
            float[] pixels = new float[n * fs];
            for (int i = 0; i < n; i++) {
                preprocessor.toChw(frames.get(from + i), pixels, i * fs);
            }
            try (NDManager scope = model.trained().manager().newSubManager()) {
                NDArray z = model.encodeImages(scope.create(pixels, new Shape(n, 3, s, s)));
                System.arraycopy(z.toFloatArray(), 0, out, from * latent, n * latent);
            }
        }
        return out;
    }

    /** Latents [N, z, s, s] (any manager) to frames of the autoencoder's side, clamped to [0, 255]. */
    public List<RgbImage> decode(NDArray latents) {
        try (NDManager scope = model.trained().manager().newSubManager()) {
            NDArray z = scope.create(latents.toFloatArray(), latents.getShape());
            NDArray images = model.decode(z);
            Shape s = images.getShape();
            return images(images.toFloatArray(), (int) s.get(0), (int) s.get(2));
        }
    }

    /** Pixels [N, 3, S, S] in [-1, 1] to RGB frames. */
    static List<RgbImage> images(float[] chw, int n, int side) {
        int plane = side * side;
        List<RgbImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] rgb = new byte[3 * plane];
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    float v = (chw[(i * 3 + c) * plane + p] + 1f) * 127.5f;
                    rgb[p * 3 + c] = (byte) Math.round(Math.max(0f, Math.min(255f, v)));
                }
            }
            out.add(new RgbImage(side, side, rgb));
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
