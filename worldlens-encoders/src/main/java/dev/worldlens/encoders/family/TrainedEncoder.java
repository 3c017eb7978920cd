package dev.worldlens.encoders.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.worldlens.core.Fingerprint;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.RgbImage;
import dev.worldlens.encoders.Clip;
import dev.worldlens.encoders.Encoder;
import dev.worldlens.encoders.EncoderCard;
import dev.worldlens.encoders.ImagePreprocessor;
import dev.worldlens.encoders.Reconstructs;
import dev.worldlens.encoders.Tokens;
import dev.worldlens.nn.train.Checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A built-in family's encoder as trained by {@code worldlens pretrain}: rebuilt from the run folder's
 * {@link TrainedModelSpec} and its final checkpoint, and read out at any layer. The card's name carries a hash of
 * the weights, so features cached for other weights are never reused.
 */
public final class TrainedEncoder implements Encoder {
    public static final int BATCH = 32;

    private final FamilyModel model;
    private final ImagePreprocessor preprocessor;
    private final EncoderCard card;

    private TrainedEncoder(FamilyModel model, EncoderCard card) {
        this.model = model;
        this.card = card;
        int s = model.config().imageSize();
        this.preprocessor = new ImagePreprocessor(s, s, PretrainData.MEAN, PretrainData.STD);
    }

    /** Opens a finished pretraining run. */
    public static TrainedEncoder open(Path runDir, FamilyFactory factory) {
        TrainedModelSpec spec = TrainedModelSpec.read(runDir);
        Path checkpoint = Checkpoint.latest(runDir);
        if (checkpoint == null) {
            throw new InvalidInputException(runDir, "checkpoint", "no checkpoint; the run has not trained yet");
        }
        int done = Checkpoint.completedSteps(checkpoint);
        if (done < spec.steps()) {
            throw new InvalidInputException(runDir, "checkpoint", "the run stopped after " + done + " of "
                    + spec.steps() + " steps; finish it with the same `worldlens pretrain` command first");
        }
        FamilyModel model = spec.build(factory);
        try {
            Checkpoint.loadWeights(checkpoint, model.trained());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        String weights = Fingerprint.ofPath(checkpoint.resolve("trained.bin"), List.of()).substring(0, 12);
        String family = spec.auxiliary().isEmpty() ? spec.model().family()
                : spec.model().family() + "+" + spec.auxiliary();
        return new TrainedEncoder(model, card(model, spec, runDir, family,
                String.format(Locale.ROOT, "%s-%s-%s", family, runDir.getFileName(), weights), done));
    }

    /**
     * The untrained twin of a pretraining run: the same family, size and input, with the weights the run started
     * from (drawn with its seed) and no step of training, so that what pretraining added is the run's probe score
     * minus its twin's. Only the run's model.json is read; the run need not have trained yet.
     */
    public static TrainedEncoder untrained(Path runDir, FamilyFactory factory) {
        if (!TrainedModelSpec.isRun(runDir)) {
            throw new InvalidInputException(runDir, TrainedModelSpec.FILE, "not a pretraining run folder (no "
                    + TrainedModelSpec.FILE + "); an untrained twin is built from a run's model spec");
        }
        TrainedModelSpec spec = TrainedModelSpec.read(runDir);
        // the twin of a +ID run is the untrained family: the auxiliary head never touches the encoder's init
        TrainedModelSpec bare = new TrainedModelSpec(spec.model(), spec.seed(), "", 0, spec.actionDim(), 0);
        FamilyModel model = bare.build(factory);
        String family = spec.model().family();
        return new TrainedEncoder(model, card(model, bare, runDir, family, String.format(Locale.ROOT,
                "%s-untrained-%s-seed%d", family, runDir.getFileName(), spec.seed()), 0));
    }

    private static EncoderCard card(FamilyModel model, TrainedModelSpec spec, Path runDir, String family,
                                    String name, int steps) {
        FamilyConfig c = spec.model();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("run", runDir.toString());
        props.put("steps", Integer.toString(steps));
        props.put("parameters", Long.toString(model.encoderParameterCount()));
        props.put("auxiliary", spec.auxiliary().isEmpty() ? "none" : spec.auxiliary());
        props.put("config", c.toString());
        return new EncoderCard(name, family, c.imageSize(), c.imageSize(), PretrainData.MEAN, PretrainData.STD,
                model.clipLength(), model.tubelet(), model.tokensPerStep(), model.featureWidth(), model.layers(),
                props);
    }

    public FamilyModel model() {
        return model;
    }

    @Override
    public EncoderCard card() {
        return card;
    }

    @Override
    public List<Tokens> encode(List<Clip> clips, int layer) {
        int resolved = card.resolveLayer(layer);
        int length = model.clipLength();
        int s = model.config().imageSize();
        List<Tokens> out = new ArrayList<>(clips.size());
        for (int from = 0; from < clips.size(); from += BATCH) {
            List<Clip> batch = clips.subList(from, Math.min(clips.size(), from + BATCH));
            float[] pixels = preprocessor.clipsToArray(batch, length);
            try (NDManager scope = model.trained().manager().newSubManager()) {
                NDArray x = scope.create(pixels, new Shape(batch.size(), length, 3, s, s));
                NDArray tokens = model.encodeLayers(x, resolved).get(resolved);
                Shape shape = tokens.getShape();
                int count = (int) shape.get(1);
                int width = (int) shape.get(2);
                float[] values = tokens.toFloatArray();
                int steps = count % card.tokenSteps() == 0 ? card.tokenSteps() : 1;
                int per = count * width;
                for (int b = 0; b < batch.size(); b++) {
                    float[] data = new float[per];
                    System.arraycopy(values, b * per, data, 0, per);
                    out.add(new Tokens(steps, count / steps, width, data));
                }
            }
        }
        return out;
    }

    /** The family's own decoder (vae, videomae), read through the same preprocessing as {@link #encode}. */
    @Override
    public Optional<Reconstructs> reconstructor() {
        if (!(model instanceof PixelDecoding decoding)) {
            return Optional.empty();
        }
        return Optional.of(clips -> reconstruct(decoding, clips));
    }

    private List<RgbImage> reconstruct(PixelDecoding decoding, List<Clip> clips) {
        int length = model.clipLength();
        int s = model.config().imageSize();
        List<RgbImage> out = new ArrayList<>(clips.size());
        for (int from = 0; from < clips.size(); from += BATCH) {
            List<Clip> batch = clips.subList(from, Math.min(clips.size(), from + BATCH));
            float[] pixels = preprocessor.clipsToArray(batch, length);
            try (NDManager scope = model.trained().manager().newSubManager()) {
                NDArray x = scope.create(pixels, new Shape(batch.size(), length, 3, s, s));
                float[] images = decoding.reconstructLast(x).toFloatArray();
                for (int b = 0; b < batch.size(); b++) {
                    out.add(preprocessor.toImage(images, b * preprocessor.frameSize()));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
