package dev.worldlens.policy.predictor;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.worldlens.core.AnimatedGifWriter;
import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.Fingerprint;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import dev.worldlens.core.LanguageWindow;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RgbImage;
import dev.worldlens.core.RunFolder;
import dev.worldlens.encoders.ImagePreprocessor;
import dev.worldlens.encoders.family.PretrainData;
import dev.worldlens.nn.train.Checkpoint;
import dev.worldlens.nn.train.LossCurves;
import dev.worldlens.nn.train.TrainingLoop;
import dev.worldlens.policy.language.WordEmbeddingInstructions;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Stage 1 of VPP as one job: trains the text-guided video predictor on a dataset's language windows into a run
 * folder, resumable. The folder holds config.yaml and provenance.json; {@code autoencoder/} (a vae pretraining run,
 * when none was given); predictor.json (how to rebuild the model), checkpoint/, losses.csv and loss-curves.png; and
 * {@code samples/}: for a few clips of held-out episodes, an animated GIF per clip with three rows, the real frames,
 * the same through the autoencoder (the best the latent model can show) and the predicted ones (from the real first
 * frame and the instruction), plus samples.json saying which clip and instruction each shows. Running it again on the same folder with the same config finishes an interrupted
 * run; a finished run is left as it is and its samples are rewritten identically.
 * <p>
 * The instruction encoder's vocabulary is the words of the training episodes' instructions plus those of a task
 * vocabulary the caller gives (the study and the CLI give every phrasing of the Tabletop's tasks, from {@code
 * eval.TabletopInputs}, so that the words of tasks the training episodes never show still have rows); predictor.json
 * keeps it, and a resumed run must arrive at the same one. Progress: a bar per stage, "load autoencoder data" and
 * "train autoencoder" (when it trains its own), "load clips", then "train predictor".
 */
public final class PredictorJob {
    public static final String AUTOENCODER = "autoencoder";
    public static final String SAMPLES = "samples";

    /** What a finished run reports: the predictor's training, the sample GIFs, and the episodes on each side. */
    public record Outcome(TrainingLoop.Outcome training, List<Path> samples, List<Integer> trainEpisodes,
                          List<Integer> heldOutEpisodes) {
    }

    private PredictorJob() {
    }

    /**
     * Runs (or resumes) stage 1 on {@code source} into {@code runFolder}; {@code taskVocabulary}: instructions whose
     * words the predictor knows besides the training episodes' (empty for those alone).
     */
    public static Outcome run(PredictorConfig config, EpisodeSource source, List<String> taskVocabulary,
                              Path runFolder, Progress progress) {
        RunFolder run = RunFolder.open(runFolder, "policy train-predictor", config, config.seed());
        List<Integer> heldOut = new ArrayList<>();
        List<Integer> train = split(source, config, heldOut);
        FrameAutoencoder autoencoder = autoencoder(config, source, train, runFolder, progress);
        VideoPredictor predictor = null;
        LatentClips clips;
        LatentScale scale;
        try {
            if (autoencoder.imageSize() != config.frameSize()) {
                throw new InvalidInputException(Path.of(config.autoencoderRun()), "frameSize", "the autoencoder reads "
                        + autoencoder.imageSize() + "x" + autoencoder.imageSize() + " frames, the predictor config "
                        + "asks for " + config.frameSize());
            }
            Fingerprint fingerprint = new Fingerprint().add(source.name());
            try (Progress.Bar bar = progress.start("load clips", framesToEncode(source, train, config), 0)) {
                clips = LatentClips.load(source, train, config.cameras(), autoencoder, config.frames(),
                        config.stride(), false, fingerprint, bar);
            }
            run.recordData(Map.of("clips", fingerprint.hex()));
            int z = autoencoder.latentChannels();
            int side = autoencoder.latentSide();
            scale = clips.scale(z, side);
            clips.normalise(scale, side);
            List<String> vocabulary = WordEmbeddingInstructions.vocabularyOf(instructions(taskVocabulary, source,
                    train));
            requireSameVocabulary(runFolder, vocabulary);
            String aePath = config.autoencoderRun().isEmpty() ? AUTOENCODER
                    : Path.of(config.autoencoderRun()).toAbsolutePath().toString();
            new PredictorSpec(config, aePath, scale, vocabulary, z, side).write(runFolder);
            predictor = VideoPredictor.create(config, z, side, vocabulary, config.seed());
        } catch (RuntimeException e) {
            autoencoder.close();
            if (predictor != null) {
                predictor.close();
            }
            throw e;
        }
        try (TrainedPredictor trained = new TrainedPredictor(predictor, autoencoder, scale)) {
            TrainingLoop.Outcome outcome = new TrainingLoop(config.training()).run(
                    new PredictorObjective(predictor, clips, config.batch()), runFolder, progress, "train predictor");
            LossCurves.write(runFolder, "video predictor (EDM)");
            List<Path> samples = samples(config, trained, source, heldOut, runFolder);
            run.finish();
            return new Outcome(outcome, samples, train, heldOut);
        }
    }

    /**
     * The episodes (positions in the source) to train on; {@code heldOut} receives {@code heldOutEpisodes} positions
     * drawn with the seed, kept out of training for the sample GIFs.
     */
    static List<Integer> split(EpisodeSource source, PredictorConfig config, List<Integer> heldOut) {
        int n = source.size();
        if (n <= config.heldOutEpisodes()) {
            throw new InvalidInputException(source.name(), "heldOutEpisodes", "needs more than "
                    + config.heldOutEpisodes() + " episodes to keep that many out of training, the dataset has " + n);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(config.seed() ^ 0x5EEDL);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<Integer> train = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (i < config.heldOutEpisodes() ? heldOut : train).add(order[i]);
        }
        heldOut.sort(null);
        train.sort(null);
        return train;
    }

    private static FrameAutoencoder autoencoder(PredictorConfig config, EpisodeSource source, List<Integer> train,
                                                Path runFolder, Progress progress) {
        if (!config.autoencoderRun().isEmpty()) {
            return FrameAutoencoder.open(Path.of(config.autoencoderRun()));
        }
        Path folder = runFolder.resolve(AUTOENCODER);
        Path checkpoint = Checkpoint.latest(folder);
        if (checkpoint != null && Checkpoint.completedSteps(checkpoint) >= config.autoencoderSteps()) {
            return FrameAutoencoder.open(folder); // trained by an earlier call on this folder: skip reading frames
        }
        FrameAutoencoder ae = FrameAutoencoder.create(FrameAutoencoder.config(config.frameSize(),
                config.autoencoderFactor(), config.autoencoderWidth(), config.latentChannels()), config.seed());
        try {
            ae.train(source, train, config.cameras(), config.autoencoderSteps(), config.seed(), folder, progress);
            return ae;
        } catch (RuntimeException e) {
            ae.close();
            throw e;
        }
    }

    private static long framesToEncode(EpisodeSource source, List<Integer> episodes, PredictorConfig config) {
        long n = 0;
        for (int e : episodes) {
            Episode ep = source.episode(e);
            for (LanguageWindow w : ep.windows()) {
                int len = Math.min(w.end(), ep.length()) - w.start();
                n += (long) Math.max(0, (len + config.stride() - 1) / config.stride()) * config.cameras().size();
            }
        }
        return n;
    }

    /** The task vocabulary plus the training episodes' instructions (so unseen tasks' words have rows). */
    private static List<String> instructions(List<String> taskVocabulary, EpisodeSource source,
                                             List<Integer> episodes) {
        List<String> out = new ArrayList<>(taskVocabulary);
        for (int e : episodes) {
            for (LanguageWindow w : source.episode(e).windows()) {
                out.add(w.instruction());
            }
        }
        return out;
    }

    /**
     * Refuses to resume a run whose predictor.json holds another vocabulary (its checkpoint's embedding table has
     * other rows): the task vocabulary is not part of config.yaml.
     */
    private static void requireSameVocabulary(Path runFolder, List<String> vocabulary) {
        if (!PredictorSpec.isRun(runFolder)) {
            return;
        }
        List<String> saved = PredictorSpec.read(runFolder).vocabulary();
        if (!saved.equals(vocabulary)) {
            throw new InvalidInputException(runFolder.resolve(PredictorSpec.FILE), "vocabulary", "this run was "
                    + "trained over another instruction vocabulary (" + saved.size() + " words, now "
                    + vocabulary.size() + "); give the same task vocabulary, or choose a new --out");
        }
    }

    /** Per camera, the first clip of up to sampleClips held-out windows: real, autoencoded and predicted rows. */
    private static List<Path> samples(PredictorConfig config, TrainedPredictor predictor, EpisodeSource source,
                                      List<Integer> heldOut, Path runFolder) {
        List<Path> written = new ArrayList<>();
        if (config.sampleClips() == 0 || heldOut.isEmpty()) {
            return written;
        }
        LatentClips clips = LatentClips.load(source, heldOut, config.cameras(), predictor.autoencoder(),
                config.frames(), config.stride(), true, null, Progress.Bar.NONE);
        int s = config.frameSize();
        ImagePreprocessor resize = new ImagePreprocessor(s, s, PretrainData.MEAN, PretrainData.STD);
        Map<String, Map<String, Object>> index = new LinkedHashMap<>();
        for (int camera = 0; camera < config.cameras().size(); camera++) {
            List<Integer> chosen = new ArrayList<>();
            for (int clip : clips.firstClips()) {
                if (chosen.size() < config.sampleClips() && clips.sequence(clip).camera() == camera) {
                    chosen.add(clip);
                }
            }
            if (chosen.isEmpty()) {
                continue;
            }
            List<RgbImage> first = new ArrayList<>();
            List<String> text = new ArrayList<>();
            int[] cameras = new int[chosen.size()];
            for (int i = 0; i < chosen.size(); i++) {
                first.add(clips.frames(chosen.get(i)).get(0));
                text.add(clips.sequence(chosen.get(i)).instruction());
                cameras[i] = camera;
            }
            List<List<RgbImage>> predicted = predictor.predict(first, text, cameras, 1.0, config.seed());
            for (int i = 0; i < chosen.size(); i++) {
                List<RgbImage> real = clips.frames(chosen.get(i));
                List<RgbImage> autoencoded = predictor.reconstruct(real);
                List<BufferedImage> frames = new ArrayList<>();
                for (int f = 0; f < real.size(); f++) {
                    RgbImage resized = FrameAutoencoder.images(resize.toChw(real.get(f)), 1, s).get(0);
                    frames.add(stack(List.of(resized, autoencoded.get(f), predicted.get(i).get(f))));
                }
                String name = config.cameras().get(camera) + "-" + i + ".gif";
                Path gif = runFolder.resolve(SAMPLES).resolve(name);
                AnimatedGifWriter.write(gif, frames, 4, Math.max(1, 128 / s));
                written.add(gif);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("camera", config.cameras().get(camera));
                entry.put("instruction", text.get(i));
                entry.put("episode", source.episode(clips.sequence(chosen.get(i)).episode()).index());
                entry.put("rows", "real (top), real through the autoencoder (middle), predicted (bottom)");
                index.put(name, entry);
            }
        }
        try {
            AtomicFiles.writeString(runFolder.resolve(SAMPLES).resolve("samples.json"),
                    Json.JSON.writeValueAsString(index));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the sample index", e);
        }
        return written;
    }

    /** Frames of one size stacked top to bottom, one black pixel row apart. */
    private static BufferedImage stack(List<RgbImage> rows) {
        int w = rows.get(0).width();
        int h = rows.get(0).height();
        BufferedImage out = new BufferedImage(w, rows.size() * (h + 1) - 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        for (int r = 0; r < rows.size(); r++) {
            g.drawImage(rows.get(r).toBufferedImage(), 0, r * (h + 1), null);
        }
        g.dispose();
        return out;
    }
}
