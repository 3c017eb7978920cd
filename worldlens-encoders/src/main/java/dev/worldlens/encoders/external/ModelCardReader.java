package dev.worldlens.encoders.external;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.encoders.external.ModelCard.Format;
import dev.worldlens.encoders.external.ModelCard.Input;
import dev.worldlens.encoders.external.ModelCard.Layout;
import dev.worldlens.encoders.external.ModelCard.Output;
import dev.worldlens.encoders.external.ModelCard.TokenGrid;
import dev.worldlens.encoders.external.ModelCard.TokenLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Parses a model card. Field names are snake_case; every problem is an {@link InvalidInputException} naming the card
 * file and the field (dotted, e.g. {@code input.layout}, {@code outputs.12}). Unknown fields are rejected so that a
 * typo does not silently fall back to a default.
 */
final class ModelCardReader {
    static final Set<String> FIELDS = Set.of("name", "family", "format", "model", "input", "mean", "std",
            "clip_length", "tubelet", "tokens", "width", "layers", "outputs", "output_layout", "batch_size",
            "properties");
    /** The largest input side a card may declare (ViTs for robots read 224-518). */
    static final int MAX_SIDE = 4096;
    static final Set<String> INPUT_FIELDS = Set.of("name", "width", "height", "layout", "channel_order",
            "value_range");
    static final Set<String> TOKEN_FIELDS = Set.of("steps", "per_step", "prefix");
    static final int DEFAULT_BATCH = 8;

    private final Path file;

    private ModelCardReader(Path file) {
        this.file = file;
    }

    static ModelCard read(Path file) {
        return new ModelCardReader(file).parse(tree(file));
    }

    private static JsonNode tree(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, null, "model card not found");
        }
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = lower.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        try {
            JsonNode root = mapper.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new InvalidInputException(file, null, "a model card must be a mapping of fields");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file, null, "not valid " + (lower.endsWith(".json") ? "JSON" : "YAML")
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidInputException(file, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private ModelCard parse(JsonNode root) {
        checkKnown(root, "", FIELDS);
        String name = text(root, "name");
        String family = root.has("family") ? text(root, "family") : "external";
        Format format = choice(Format.class, text(root, "format"), "format");
        Path cardFolder = file.toAbsolutePath().getParent().normalize();
        Path modelPath = cardFolder.resolve(text(root, "model")).normalize();
        // the card is the user's word, its contents metadata: a model path may not lead out of the card's folder
        if (!modelPath.startsWith(cardFolder)) {
            throw bad("model", "'" + text(root, "model") + "' lies outside the card's folder " + cardFolder
                    + "; put the model file beside the card (or below it) and name it relative to the card");
        }

        JsonNode in = object(root, "input");
        checkKnown(in, "input.", INPUT_FIELDS);
        int width = positive(in, "width", "input.width");
        int height = in.has("height") ? positive(in, "height", "input.height") : width;
        // a frame buffer is width x height x 3 floats per clip frame: beyond this it cannot be allocated
        for (var side : java.util.Map.of("input.width", width, "input.height", height).entrySet()) {
            if (side.getValue() > MAX_SIDE) {
                throw bad(side.getKey(), "expected at most " + MAX_SIDE + " pixels, got " + side.getValue());
            }
        }
        Layout layout = choice(Layout.class, text(in, "layout", "input.layout"), "input.layout");
        String order = in.has("channel_order") ? text(in, "channel_order", "input.channel_order")
                .toUpperCase(Locale.ROOT) : "RGB";
        if (!order.equals("RGB") && !order.equals("BGR")) {
            throw bad("input.channel_order", "expected RGB or BGR, got '" + order + "'");
        }
        float[] range = in.has("value_range") ? floats(in.get("value_range"), 2, "input.value_range")
                : new float[]{0, 1};
        if (!(range[1] > range[0])) {
            throw bad("input.value_range", "expected [low, high] with high > low, e.g. [0, 1] or [0, 255], got "
                    + Arrays.toString(range));
        }
        String inputName = in.has("name") ? text(in, "name", "input.name") : null;
        Input input = new Input(inputName, width, height, layout, order, range[0], range[1]);

        float[] mean = floats(required(root, "mean"), 3, "mean");
        float[] std = floats(required(root, "std"), 3, "std");
        for (float s : std) {
            if (!(s > 0)) {
                throw bad("std", "every std must be > 0, got " + Arrays.toString(std));
            }
        }
        int clipLength = root.has("clip_length") ? positive(root, "clip_length", "clip_length") : 1;
        int tubelet = root.has("tubelet") ? positive(root, "tubelet", "tubelet") : 1;
        if (clipLength % tubelet != 0) {
            throw bad("tubelet", "clip_length " + clipLength + " must be a multiple of the tubelet " + tubelet);
        }
        if (!layout.video() && clipLength != 1) {
            throw bad("input.layout", layout + " holds one frame per clip but clip_length is " + clipLength
                    + "; use NTCHW or NCTHW for video models");
        }
        TokenGrid tokens = tokens(object(root, "tokens"), clipLength / tubelet);
        int tokenWidth = positive(root, "width", "width");
        int layers = positive(root, "layers", "layers");
        TokenLayout defaultLayout = root.has("output_layout")
                ? choice(TokenLayout.class, text(root, "output_layout"), "output_layout") : TokenLayout.BND;
        TreeMap<Integer, Output> outputs = outputs(object(root, "outputs"), layers, defaultLayout);
        int batch = root.has("batch_size") ? positive(root, "batch_size", "batch_size") : DEFAULT_BATCH;
        Map<String, String> props = properties(root.get("properties"));
        return new ModelCard(file, name, family, format, modelPath, input, mean, std, clipLength, tubelet, tokens,
                tokenWidth, layers, outputs, batch, props);
    }

    private TokenGrid tokens(JsonNode node, int expectedSteps) {
        checkKnown(node, "tokens.", TOKEN_FIELDS);
        int steps = node.has("steps") ? positive(node, "steps", "tokens.steps") : expectedSteps;
        if (steps != expectedSteps) {
            throw bad("tokens.steps", "clip_length / tubelet gives " + expectedSteps + " token steps, the card says "
                    + steps);
        }
        int perStep = positive(node, "per_step", "tokens.per_step");
        int prefix = node.has("prefix") ? integer(node, "prefix", "tokens.prefix") : 0;
        if (prefix < 0) {
            throw bad("tokens.prefix", "must be >= 0, got " + prefix);
        }
        return new TokenGrid(steps, perStep, prefix);
    }

    private TreeMap<Integer, Output> outputs(JsonNode node, int layers, TokenLayout defaultLayout) {
        TreeMap<Integer, Output> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "outputs." + e.getKey();
            int layer;
            try {
                layer = Integer.parseInt(e.getKey().trim());
            } catch (NumberFormatException ex) {
                throw bad(field, "keys are layer indices (0 = input embedding, 1.." + layers + " = blocks), got '"
                        + e.getKey() + "'");
            }
            if (layer < 0 || layer > layers) {
                throw bad(field, "layer " + layer + " is outside 0.." + layers + " (layers: " + layers + ")");
            }
            JsonNode v = e.getValue();
            if (v.isTextual() || v.isIntegralNumber()) {
                out.put(layer, new Output(v.asText(), defaultLayout));
            } else if (v.isObject()) {
                checkKnown(v, field + ".", Set.of("name", "layout"));
                TokenLayout layout = v.has("layout")
                        ? choice(TokenLayout.class, text(v, "layout", field + ".layout"), field + ".layout")
                        : defaultLayout;
                out.put(layer, new Output(text(v, "name", field + ".name"), layout));
            } else {
                throw bad(field, "expected an output name or {name: ..., layout: BND|BTND|BCHW|BD}");
            }
        }
        if (out.isEmpty()) {
            throw bad("outputs", "needs at least one layer -> output name");
        }
        return out;
    }

    private Map<String, String> properties(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw bad("properties", "expected a mapping of names to values");
        }
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText()
                : e.getValue().toString()));
        return out;
    }

    private void checkKnown(JsonNode node, String prefix, Set<String> known) {
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw bad(prefix + f, "unknown field; known fields here are " + new TreeSet<>(known));
            }
        });
    }

    private JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw bad(field, "missing");
        }
        return v;
    }

    private JsonNode object(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.isObject()) {
            throw bad(field, "expected a mapping");
        }
        return v;
    }

    private String text(JsonNode node, String field) {
        return text(node, field, field);
    }

    private String text(JsonNode node, String key, String field) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw bad(field, "missing");
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw bad(field, "expected a non-empty text value");
        }
        return v.asText().trim();
    }

    private int integer(JsonNode node, String key, String field) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw bad(field, "missing");
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw bad(field, "expected an integer, got " + v);
        }
        return v.intValue();
    }

    private int positive(JsonNode node, String key, String field) {
        int v = integer(node, key, field);
        if (v <= 0) {
            throw bad(field, "must be > 0, got " + v);
        }
        return v;
    }

    private float[] floats(JsonNode node, int n, String field) {
        if (!node.isArray() || node.size() != n) {
            throw bad(field, "expected a list of " + n + " numbers, got " + node);
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            if (!node.get(i).isNumber()) {
                throw bad(field, "expected a list of " + n + " numbers, got " + node);
            }
            out[i] = node.get(i).floatValue();
        }
        return out;
    }

    private <E extends Enum<E>> E choice(Class<E> type, String value, String field) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            names.append(names.length() > 0 ? ", " : "").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw bad(field, "unknown value '" + value + "'; expected one of " + names);
    }

    private InvalidInputException bad(String field, String problem) {
        return new InvalidInputException(file, field, problem);
    }
}
