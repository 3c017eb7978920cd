package dev.worldlens.sim;

import dev.worldlens.core.InvalidInputException;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The four Tabletop environments. As in CALVIN, they share the objects and tasks but differ in where the furniture
 * stands, in colours and in the table's texture, so that training on A, B, C and testing on D measures
 * generalisation to an unseen look and layout.
 */
public enum Scene {
    A(0.50, 0.12, 0.10, true, TableTexture.WOOD, new Color(196, 160, 118), new Color(120, 84, 60),
            List.of(BlockShape.CUBE, BlockShape.BAR, BlockShape.PRISM), 0.45),
    B(0.32, 0.88, 0.10, false, TableTexture.CHECKER, new Color(170, 182, 196), new Color(70, 80, 110),
            List.of(BlockShape.BAR, BlockShape.PRISM, BlockShape.CUBE), 0.42),
    C(0.68, 0.12, 0.12, false, TableTexture.SPECKLE, new Color(176, 196, 160), new Color(96, 110, 70),
            List.of(BlockShape.PRISM, BlockShape.CUBE, BlockShape.BAR), 0.48),
    D(0.40, 0.88, 0.12, true, TableTexture.GRID, new Color(214, 200, 170), new Color(60, 60, 66),
            List.of(BlockShape.CUBE, BlockShape.PRISM, BlockShape.BAR), 0.38);

    private static final Color[] BASE_BLOCK_COLORS = {new Color(214, 48, 42), new Color(46, 168, 64),
            new Color(40, 84, 220)};

    private final double cabinetX;
    private final double buttonX;
    private final double buttonY;
    private final boolean switchLeft;
    private final TableTexture texture;
    private final Color table;
    private final Color cabinet;
    private final List<BlockShape> shapes;
    private final double regionY;

    Scene(double cabinetX, double buttonX, double buttonY, boolean switchLeft, TableTexture texture, Color table,
          Color cabinet, List<BlockShape> shapes, double regionY) {
        this.cabinetX = cabinetX;
        this.buttonX = buttonX;
        this.buttonY = buttonY;
        this.switchLeft = switchLeft;
        this.texture = texture;
        this.table = table;
        this.cabinet = cabinet;
        this.shapes = shapes;
        this.regionY = regionY;
    }

    public static Scene parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("scene", "unknown scene '" + s + "'; expected one of A, B, C, D");
        }
    }

    public static List<Scene> parseList(String csv) {
        List<Scene> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (!part.isBlank()) {
                Scene s;
                try {
                    s = parse(part);
                } catch (InvalidInputException e) {
                    throw e.withField("scenes");
                }
                if (!out.contains(s)) {
                    out.add(s);
                }
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("scenes", "no scene given; expected a list such as A,B,C");
        }
        return out;
    }

    /** The scene as it appears in one episode: fixed in the static setting, varied per episode otherwise. */
    public EpisodeScene realise(Setting setting, SplittableRandom rng) {
        if (setting == Setting.STATIC) {
            return new EpisodeScene(this, setting, staticLayout(), texture, table, cabinet, shapes, blockColors(0, null),
                    List.of(), Lighting.NEUTRAL, ordinal() * 7919L);
        }
        double cab = clamp(cabinetX + (rng.nextDouble() - 0.5) * 0.24, 0.28, 0.72);
        boolean buttonLeft = rng.nextBoolean();
        double bx = buttonLeft ? 0.10 + rng.nextDouble() * 0.05 : 0.85 + rng.nextDouble() * 0.05;
        double by = 0.09 + rng.nextDouble() * 0.05;
        double ry = 0.36 + rng.nextDouble() * 0.14;
        TableLayout layout = new TableLayout(cab, bx, by, rng.nextBoolean(), regions(ry));
        List<Distractor> distractors = new ArrayList<>();
        int n = 2 + rng.nextInt(3);
        for (int i = 0; i < n; i++) {
            Color c = Color.getHSBColor((float) rng.nextDouble(), 0.25f + 0.5f * (float) rng.nextDouble(),
                    0.45f + 0.5f * (float) rng.nextDouble());
            distractors.add(new Distractor(rng.nextInt(4) == 0 ? 0 : 3 + rng.nextInt(4), 0.08 + rng.nextDouble() * 0.84,
                    0.06 + rng.nextDouble() * 0.70, 0.025 + rng.nextDouble() * 0.035, rng.nextDouble() * Math.PI, c));
        }
        Lighting lighting = new Lighting(0.7 + rng.nextDouble() * 0.5, 0.85 + rng.nextDouble() * 0.3,
                0.85 + rng.nextDouble() * 0.3, 0.85 + rng.nextDouble() * 0.3, (rng.nextDouble() - 0.5) * 0.03,
                (rng.nextDouble() - 0.5) * 0.03);
        return new EpisodeScene(this, setting, layout, texture, jitter(table, rng, 24), jitter(cabinet, rng, 24),
                shapes, blockColors(18, rng), distractors, lighting, rng.nextLong());
    }

    public TableLayout staticLayout() {
        return new TableLayout(cabinetX, buttonX, buttonY, switchLeft, regions(regionY));
    }

    private static Map<String, Rect> regions(double y) {
        Map<String, Rect> m = new LinkedHashMap<>();
        m.put("left", Rect.centred(0.13, y, 0.20, 0.24));
        m.put("right", Rect.centred(0.87, y, 0.20, 0.24));
        return m;
    }

    private static List<Color> blockColors(int jitter, SplittableRandom rng) {
        List<Color> out = new ArrayList<>();
        for (Color c : BASE_BLOCK_COLORS) {
            out.add(rng == null ? c : jitter(c, rng, jitter));
        }
        return out;
    }

    private static Color jitter(Color c, SplittableRandom rng, int amount) {
        return new Color(clampByte(c.getRed() + rng.nextInt(-amount, amount + 1)),
                clampByte(c.getGreen() + rng.nextInt(-amount, amount + 1)),
                clampByte(c.getBlue() + rng.nextInt(-amount, amount + 1)));
    }

    private static int clampByte(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
