package dev.worldlens.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.worldlens.core.ActionSchema;
import dev.worldlens.core.AtomicFiles;
import dev.worldlens.core.InvalidInputException;
import dev.worldlens.core.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder of encoded episodes: store.json plus one checksummed file per episode under episodes/. Complete only once
 * store.json exists; an encode that stops early leaves finished episode files that the next run keeps.
 */
public final class FeatureStore {
    public static final String INDEX = "store.json";

    private final Path root;
    private final StoreIndex index;

    private FeatureStore(Path root, StoreIndex index) {
        this.root = root;
        this.index = index;
    }

    public static FeatureStore open(Path root) {
        Path file = root.resolve(INDEX);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file, INDEX, "not found; is " + root + " a feature store written by "
                    + "'worldlens encode' (and did it finish)?");
        }
        StoreIndex index;
        try {
            index = Json.JSON.readValue(file.toFile(), StoreIndex.class);
        } catch (IOException e) {
            throw new InvalidInputException(file, INDEX, "is not a valid feature index: " + e.getMessage(), e);
        }
        if (!StoreIndex.FORMAT.equals(index.format())) {
            throw new InvalidInputException(file, "format", "expected " + StoreIndex.FORMAT + ", found "
                    + index.format());
        }
        if (index.episodes().isEmpty()) {
            throw new InvalidInputException(file, "episodes", "the store holds no episode");
        }
        return new FeatureStore(root, index);
    }

    static void writeIndex(Path root, StoreIndex index) {
        try {
            AtomicFiles.writeString(root.resolve(INDEX), Json.JSON.writeValueAsString(index));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the feature index", e);
        }
    }

    static String episodeFileName(int index) {
        return String.format("episodes/ep-%06d.wlf", index);
    }

    public Path root() {
        return root;
    }

    public StoreIndex index() {
        return index;
    }

    public int size() {
        return index.episodes().size();
    }

    public ActionSchema actionSchema() {
        return new ActionSchema(index.actionNames(), index.actionGroups());
    }

    /** Reads episode i (position in the store), verifying its checksum and its agreement with store.json. */
    public EpisodeFeatures episode(int i, boolean withTokens) {
        StoreIndex.Entry e = index.episodes().get(i);
        Path file = root.resolve(e.file()).normalize();
        // the index names files inside its own store; anything else is a damaged or hostile index
        if (!file.startsWith(root.normalize())) {
            throw new InvalidInputException(root.resolve(INDEX), "episodes[" + i + "].file", "'" + e.file()
                    + "' lies outside the store " + root);
        }
        EpisodeFeatures f = FeatureFile.read(file, withTokens);
        if (f.length() != e.length()) {
            throw new InvalidInputException(file, "length", "store.json says " + e.length() + " frames, the file "
                    + "has " + f.length());
        }
        if (f.width() != index.encoder().width()) {
            throw new InvalidInputException(file, "width", "features are " + f.width() + " wide but the encoder "
                    + "card says " + index.encoder().width());
        }
        if (f.actionDim() != index.actionNames().size()) {
            throw new InvalidInputException(file, "actions", "actions have " + f.actionDim() + " values, the "
                    + "schema has " + index.actionNames().size());
        }
        return f;
    }
}
