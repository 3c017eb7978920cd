package dev.worldlens.sim;

import java.awt.Color;
import java.util.List;

/**
 * Everything fixed for one episode: the scene and setting it was drawn from, the furniture layout, the look, and
 * the shapes and colours of the three blocks (always named red, green and blue in language).
 */
public record EpisodeScene(Scene scene, Setting setting, TableLayout layout, TableTexture texture, Color tableColor,
                           Color cabinetColor, List<BlockShape> blockShapes, List<Color> blockColors,
                           List<Distractor> distractors, Lighting lighting, long textureSeed) {

    public static final List<String> BLOCK_NAMES = List.of("red", "green", "blue");

    public EpisodeScene {
        blockShapes = List.copyOf(blockShapes);
        blockColors = List.copyOf(blockColors);
        distractors = List.copyOf(distractors);
    }
}
