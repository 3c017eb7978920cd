package dev.worldlens.encoders.external;

import dev.worldlens.encoders.EncoderCard;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A model card: how to run an exported model (ONNX or TorchScript) as a WorldLens encoder. It says where the model
 * file is, what input it expects (size, layout, channel order, value range, normalisation), how many frames it reads
 * and how they group into token steps, and which model output holds which layer, in which layout. Loaded from YAML
 * or JSON by {@link #load(Path)}; see docs/cards/ for examples and {@link ModelCardReader} for the field names.
 *
 * @param file       the card file itself (every error message names it)
 * @param model      the model file, resolved against the card's folder
 * @param mean       per-channel mean in the model's channel order, in units of the input value range
 * @param std        per-channel std, same units
 * @param outputs    layer index (0 = input embedding, 1..layers = blocks) -> model output
 * @param batchSize  clips per forward call
 */
public record ModelCard(Path file, String name, String family, Format format, Path model, Input input, float[] mean,
                        float[] std, int clipLength, int tubelet, TokenGrid tokens, int width, int layers,
                        SortedMap<Integer, Output> outputs, int batchSize, Map<String, String> properties) {

    /** The exported model's format. */
    public enum Format {
        ONNX, TORCHSCRIPT
    }

    /** How frames are laid out in the model's input tensor (B = clips, T = frames, C = 3 channels). */
    public enum Layout {
        NCHW, NHWC, NTCHW, NCTHW;

        /** Whether the layout carries a time axis (a single-frame layout needs clip_length 1). */
        public boolean video() {
            return this == NTCHW || this == NCTHW;
        }
    }

    /** How a model output holds tokens. */
    public enum TokenLayout {
        /** [B, M, D]: tokens (M = prefix + steps * perStep, the prefix dropped). */
        BND,
        /** [B, T', N, D]: tokens per step. */
        BTND,
        /** [B, D, H, W]: a feature map, flattened to N = H * W tokens of width D. */
        BCHW,
        /** [B, D]: one pooled vector, returned as a single token. */
        BD
    }

    /**
     * @param name         the model input's name; null takes the model's only input
     * @param channelOrder "RGB" or "BGR"
     * @param rangeLow     the value of a black pixel before normalisation (0 for [0, 1] and [0, 255])
     * @param rangeHigh    the value of a white pixel (1 or 255)
     */
    public record Input(String name, int width, int height, Layout layout, String channelOrder, float rangeLow,
                        float rangeHigh) {
        public boolean bgr() {
            return channelOrder.equals("BGR");
        }
    }

    /**
     * @param steps   token steps per clip (T' = clip_length / tubelet)
     * @param perStep tokens per step (N), without prefix tokens
     * @param prefix  leading tokens (CLS, registers) in BND outputs, dropped so that tokens form the patch grid
     */
    public record TokenGrid(int steps, int perStep, int prefix) {
    }

    /** @param name the ONNX output name, or for TorchScript the index into the returned tuple/list */
    public record Output(String name, TokenLayout layout) {
    }

    public ModelCard {
        mean = mean.clone();
        std = std.clone();
        outputs = new TreeMap<>(outputs);
        properties = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(properties));
    }

    /** Reads a card from a .yaml/.yml or .json file; errors name the file and field. */
    public static ModelCard load(Path file) {
        return ModelCardReader.read(file);
    }

    /** The output for a resolved layer, or null when the card does not export that layer. */
    public Output output(int layer) {
        return outputs.get(layer);
    }

    /** Mean in [0, 1] pixel units and RGB order, as {@link dev.worldlens.encoders.ImagePreprocessor} applies it. */
    public float[] pixelMean() {
        float span = input.rangeHigh() - input.rangeLow();
        return rgbOrder(new float[]{(mean[0] - input.rangeLow()) / span, (mean[1] - input.rangeLow()) / span,
                (mean[2] - input.rangeLow()) / span});
    }

    /** Std in [0, 1] pixel units and RGB order. */
    public float[] pixelStd() {
        float span = input.rangeHigh() - input.rangeLow();
        return rgbOrder(new float[]{std[0] / span, std[1] / span, std[2] / span});
    }

    private float[] rgbOrder(float[] v) {
        return input.bgr() ? new float[]{v[2], v[1], v[0]} : v;
    }

    /** The SPI card: the same facts in the form probes and the feature cache read. */
    public EncoderCard toEncoderCard() {
        Map<String, String> props = new LinkedHashMap<>(properties);
        props.put("format", format.name().toLowerCase(Locale.ROOT));
        props.put("model", model.getFileName().toString());
        props.put("inputLayout", input.layout().name());
        if (tokens.prefix() > 0) {
            props.put("droppedPrefixTokens", Integer.toString(tokens.prefix()));
        }
        StringBuilder exported = new StringBuilder();
        outputs.forEach((layer, out) -> exported.append(exported.length() > 0 ? "," : "").append(layer));
        props.put("exportedLayers", exported.toString());
        return new EncoderCard(name, family, input.width(), input.height(), pixelMean(), pixelStd(), clipLength,
                tubelet, tokens.perStep(), width, layers, props);
    }
}
