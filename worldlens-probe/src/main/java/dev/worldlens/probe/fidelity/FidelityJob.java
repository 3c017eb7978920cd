package dev.worldlens.probe.fidelity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.Episode;
import dev.worldlens.core.EpisodeSource;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;
import dev.worldlens.core.Progress;
import dev.worldlens.core.RgbImage;
import dev.worldlens.core.metrics.Psnr;
import dev.worldlens.core.metrics.Ssim;
import dev.worldlens.encoders.Clip;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.EncoderCard;
import dev.worldlens.encoders.ImagePreprocessor;
import dev.worldlens.encoders.Reconstructs;
import dev.worldlens.encoders.Tokens;
import dev.worldlens.nn.Parameters;
import dev.worldlens.nn.Standardizer;
import dev.worldlens.nn.Torch;
import dev.worldlens.nn.train.LossLog;
import dev.worldlens.nn.train.TrainingConfig;
import dev.worldlens.nn.train.TrainingLoop;
import dev.worldlens.probe.EncodeJob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Measures one frozen encoder's visual fidelity: encodes frames of the training episodes, trains a {@link
 * PixelDecoder} on them with the fixed budget of a {@link FidelityConfig}, and scores PSNR and SSIM of its
 * reconstructions of held-out frames, next to the mean-frame baseline and, when the encoder has its own decoder,
 * that decoder's native reconstructions. Each frame is encoded as the probes encode it (the clip of the encoder's
 * length ending at the frame) and reconstructed at the encoder's input size.
 *
 * <p>The folder holds {@value #SPEC}, the decoder's training run (checkpoint, losses), {@value #SAMPLES} and
 * {@value #RESULT}. A run on a folder with a result returns it; one interrupted in training resumes from its
 * checkpoint; one with a finished checkpoint but no result only evaluates. A folder made for another encoder, layer,
 * data or budget is refused.
 */
public final class FidelityJob {
    public static final String SPEC = "fidelity-spec.json";
    public static final String RESULT = "fidelity.json";
    /** Held-out frames over the probe decoder's reconstructions (and the encoder's own, when it has a decoder). */
    public static final String SAMPLES = "samples.png";
    private static final int ENCODE_BATCH = 32;

    private final FidelityConfig config;

    public FidelityJob(FidelityConfig config) {
        this.config = config;
    }

    /** Frame {@code t} of the episode at position {@code episode} of the source. */
    private record FrameRef(int episode, int t) {
    }

    /** Encoded frames: standardisable decoder inputs and the frames at the encoder's input size, CHW in [0, 1]. */
    private record Encoded(DecoderInput input, float[] features, float[] targets, List<Clip> clips, int count) {
    }

    /**
     * Runs (or reuses) the fidelity measurement in {@code folder}; {@code train} and {@code test} are positions in
     * {@code source} (as {@link dev.worldlens.core.split.Split} gives them). The decoder's training steps are counted
     * on a bar "fidelity FOLDER" (the folder's name).
     */
    public FidelityResult run(Encoder encoder, EpisodeSource source, int[] train, int[] test, Path folder,
                              Progress progress) {
        EncoderCard card = encoder.card();
        int layer = card.resolveLayer(config.layer());
        int width = card.inputWidth();
        int height = card.inputHeight();
        if (width < Ssim.WINDOW || height < Ssim.WINDOW) {
            throw new InvalidInputException("encoder " + card.name(), "inputWidth/inputHeight", "fidelity needs "
                    + "frames of at least " + Ssim.WINDOW + "x" + Ssim.WINDOW + " (the SSIM window), the encoder reads "
                    + width + "x" + height);
        }
        if (train.length == 0 || test.length == 0) {
            throw new InvalidInputException("split", "fidelity needs training and held-out episodes, got "
                    + train.length + " and " + test.length);
        }
        java.util.Set<Integer> trainSet = new java.util.HashSet<>(boxed(train));
        for (int e : test) {
            if (trainSet.contains(e)) {
                throw new InvalidInputException("split", "episode at position " + e + " is both a training and a "
                        + "held-out episode; fidelity is scored on frames the decoder never saw");
            }
        }
        FidelitySpec spec = new FidelitySpec(card.name(), layer, source.name(), boxed(train), boxed(test),
                config.withThreads(0));
        checkSpec(folder, spec);
        Optional<FidelityResult> done = read(folder);
        if (done.isPresent()) {
            return done.get();
        }
        int threads = Torch.threads();
        if (config.threads() > 0) {
            Torch.setThreads(config.threads());
        }
        try {
            return measure(encoder, source, train, test, folder, progress, layer);
        } finally {
            Torch.setThreads(threads);
        }
    }

    /** The result saved in {@code folder}, if a run finished there. */
    public static Optional<FidelityResult> read(Path folder) {
        Path file = folder.resolve(RESULT);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.JSON.readValue(file.toFile(), FidelityResult.class));
        } catch (IOException e) {
            throw new InvalidInputException(file, "fidelity", "not a fidelity result: " + e.getMessage());
        }
    }

    private FidelityResult measure(Encoder encoder, EpisodeSource source, int[] train, int[] test, Path folder,
                                   Progress progress, int layer) {
        EncoderCard card = encoder.card();
        int width = card.inputWidth();
        int height = card.inputHeight();
        ImagePreprocessor pixels = new ImagePreprocessor(width, height, new float[]{0, 0, 0}, new float[]{1, 1, 1});
        Encoded trainSet = encode(encoder, source, spread(source, train, config.maxTrainFrames()), layer, pixels,
                null);
        Encoded testSet = encode(encoder, source, spread(source, test, config.maxEvalFrames()), layer, pixels,
                trainSet.input());
        DecoderInput input = trainSet.input();
        Standardizer scaling = input.fit(trainSet.features(), trainSet.count());
        input.standardise(trainSet.features(), trainSet.count(), scaling);
        input.standardise(testSet.features(), testSet.count(), scaling);
        int frame = pixels.frameSize();
        float[] meanFrame = new float[frame];
        for (int i = 0; i < trainSet.count(); i++) {
            for (int j = 0; j < frame; j++) {
                meanFrame[j] += trainSet.targets()[i * frame + j] / trainSet.count();
            }
        }
        // the decoder predicts the difference to the mean training frame: a fixed budget then goes into what the
        // features say about the frame, not into learning the average scene, and uninformative features end near
        // the mean-frame baseline instead of below it
        float[] residuals = trainSet.targets().clone();
        for (int i = 0; i < trainSet.count(); i++) {
            for (int j = 0; j < frame; j++) {
                residuals[i * frame + j] -= meanFrame[j];
            }
        }

        List<RgbImage> truth = new ArrayList<>(testSet.count());
        for (int i = 0; i < testSet.count(); i++) {
            truth.add(pixels.toImage(testSet.targets(), i * frame));
        }
        List<RgbImage> decoded = new ArrayList<>(testSet.count());
        long parameters;
        try (NDManager base = Torch.newManager(); Parameters params = new Parameters(base)) {
            PixelDecoder decoder = PixelDecoder.create(params, input, width, height, config.channels(),
                    new SplittableRandom(config.seed()));
            parameters = params.count();
            NDArray features = base.create(trainSet.features(), shape(trainSet.count(), input));
            NDArray targets = base.create(residuals, new Shape(trainSet.count(), 3, height, width));
            TrainingConfig training = TrainingConfig.defaults(config.steps(), config.lr(), config.seed())
                    .withWeightDecay(0);
            new TrainingLoop(training).run(new DecoderObjective(decoder, params, features, targets, config.batch()),
                    folder, progress, "fidelity " + folder.getFileName());
            for (int from = 0; from < testSet.count(); from += ENCODE_BATCH) {
                int n = Math.min(ENCODE_BATCH, testSet.count() - from);
                try (NDManager scope = base.newSubManager()) {
                    float[] x = Arrays.copyOfRange(testSet.features(), from * input.size(), (from + n) * input.size());
                    float[] y = decoder.forward(scope.create(x, shape(n, input))).toFloatArray();
                    for (int j = 0; j < y.length; j++) {
                        y[j] += meanFrame[j % frame];
                    }
                    for (int i = 0; i < n; i++) {
                        decoded.add(pixels.toImage(y, i * frame));
                    }
                }
            }
        }
        RgbImage baseline = pixels.toImage(meanFrame, 0);
        double[] probe = score(truth, decoded);
        double[] mean = score(truth, java.util.Collections.nCopies(truth.size(), baseline));
        Double nativePsnr = null;
        Double nativeSsim = null;
        List<List<RgbImage>> sheet = new ArrayList<>(List.of(truth, decoded));
        Optional<Reconstructs> own = encoder.reconstructor();
        if (own.isPresent()) {
            List<RgbImage> reconstructed = own.get().reconstruct(testSet.clips());
            double[] n = score(truth, reconstructed);
            nativePsnr = n[0];
            nativeSsim = n[1];
            sheet.add(reconstructed);
        }
        ReconstructionSheet.write(folder.resolve(SAMPLES), sheet);
        double[] losses = LossLog.read(folder.resolve(LossLog.FILE)).get("total");
        FidelityResult result = new FidelityResult(card.name(), card.family(), layer, input.describe(), parameters,
                config.steps(), trainSet.count(), testSet.count(), losses[losses.length - 1], probe[0], probe[1],
                mean[0], mean[1], nativePsnr, nativeSsim);
        write(folder.resolve(RESULT), result);
        return result;
    }

    private static Shape shape(int count, DecoderInput input) {
        return input.grid() ? new Shape(count, input.width(), input.rows(), input.cols())
                : new Shape(count, input.width());
    }

    /** Mean capped PSNR and mean SSIM over paired frames. */
    private static double[] score(List<RgbImage> truth, List<RgbImage> reconstructed) {
        if (reconstructed.size() != truth.size()) {
            throw new IllegalStateException("got " + reconstructed.size() + " reconstructions of " + truth.size()
                    + " frames");
        }
        double psnr = 0;
        double ssim = 0;
        for (int i = 0; i < truth.size(); i++) {
            RgbImage t = truth.get(i);
            RgbImage r = reconstructed.get(i);
            if (r.width() != t.width() || r.height() != t.height()) {
                throw new IllegalStateException("a reconstruction is " + r.width() + "x" + r.height() + ", the frame "
                        + t.width() + "x" + t.height());
            }
            psnr += Psnr.capped(Psnr.of(t, r));
            ssim += Ssim.of(t, r);
        }
        return new double[]{psnr / truth.size(), ssim / truth.size()};
    }

    /** At most {@code max} frames of the episodes, evenly spaced over their frames in order. */
    private static List<FrameRef> spread(EpisodeSource source, int[] episodes, int max) {
        List<FrameRef> all = new ArrayList<>();
        for (int e : episodes) {
            int length = source.episode(e).length();
            for (int t = 0; t < length; t++) {
                all.add(new FrameRef(e, t));
            }
        }
        if (all.size() <= max) {
            return all;
        }
        List<FrameRef> kept = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            kept.add(all.get((int) ((long) i * all.size() / max)));
        }
        return kept;
    }

    /** Encodes the frames in batches; {@code expected} is the training set's input shape (null to take the first). */
    private Encoded encode(Encoder encoder, EpisodeSource source, List<FrameRef> refs, int layer,
                           ImagePreprocessor pixels, DecoderInput expected) {
        EncoderCard card = encoder.card();
        List<Clip> clips = new ArrayList<>(refs.size());
        Episode episode = null;
        int position = -1;
        for (FrameRef ref : refs) {
            if (ref.episode() != position) {
                position = ref.episode();
                episode = source.episode(position);
                if (!episode.frames().cameras().contains(config.camera())) {
                    throw new InvalidInputException("episode " + episode.index(), "camera", "no camera '"
                            + config.camera() + "'; cameras are " + episode.frames().cameras());
                }
            }
            clips.add(EncodeJob.clipEndingAt(episode, config.camera(), ref.t(), card.clipLength()));
        }
        DecoderInput input = expected;
        float[] features = null;
        float[] targets = new float[refs.size() * pixels.frameSize()];
        for (int from = 0; from < clips.size(); from += ENCODE_BATCH) {
            List<Clip> batch = clips.subList(from, Math.min(clips.size(), from + ENCODE_BATCH));
            List<Tokens> tokens = encoder.encode(batch, layer);
            for (int i = 0; i < batch.size(); i++) {
                if (input == null) {
                    input = DecoderInput.of(tokens.get(i), card.inputWidth(), card.inputHeight());
                }
                if (features == null) {
                    features = new float[Math.multiplyExact(refs.size(), input.size())];
                }
                float[] f = input.read(tokens.get(i));
                for (float v : f) {
                    if (!Float.isFinite(v)) {
                        throw new IllegalStateException("encoder " + card.name() + " produced a non-finite feature");
                    }
                }
                System.arraycopy(f, 0, features, (from + i) * input.size(), input.size());
                pixels.toChw(batch.get(i).last(), targets, (from + i) * pixels.frameSize());
            }
        }
        return new Encoded(input, features, targets, clips, refs.size());
    }

    private static void checkSpec(Path folder, FidelitySpec spec) {
        Path file = folder.resolve(SPEC);
        if (Files.isRegularFile(file)) {
            FidelitySpec existing;
            try {
                existing = Json.JSON.readValue(file.toFile(), FidelitySpec.class);
            } catch (IOException e) {
                throw new InvalidInputException(file, "spec", "not a fidelity spec: " + e.getMessage());
            }
            if (!existing.equals(spec)) {
                throw new InvalidInputException(file, "spec", "the folder was made for " + existing
                        + ", not " + spec + "; use another folder");
            }
            return;
        }
        write(file, spec);
    }

    private static void write(Path file, Object value) {
        try {
            AtomicFiles.writeString(file, Json.JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }

    private static List<Integer> boxed(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
