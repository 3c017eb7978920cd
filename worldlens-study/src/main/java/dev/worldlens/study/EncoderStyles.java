package dev.worldlens.study;

import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One look per encoder across every plot of the report, so that a reader who finds vjepa in the Pareto plot finds
 * it in the same colour in the robustness and budget curves. A family has one hue and one marker; its +ID fine-tune
 * is a darker shade, its control a lighter one drawn dashed and its untrained twin a pale one, dashed too. References
 * are greys. Families the study does not
 * know (a user's ONNX encoder) take the spare hues in order of appearance.
 */
final class EncoderStyles {
    private static final Map<String, Color> FAMILY_COLOURS = Map.ofEntries(
            Map.entry("state", new Color(20, 20, 20)),
            Map.entry("raw", new Color(110, 110, 110)),
            Map.entry("random-vit", new Color(165, 165, 165)),
            Map.entry("motion", new Color(60, 60, 60)),
            Map.entry("pixel-id", new Color(90, 90, 90)),
            Map.entry("vjepa", new Color(31, 119, 180)),
            Map.entry("videomae", new Color(255, 127, 14)),
            Map.entry("diffusion", new Color(148, 103, 189)),
            Map.entry("image-ssl", new Color(44, 160, 44)),
            Map.entry("vae", new Color(214, 39, 40)),
            Map.entry("shortcut", new Color(140, 86, 75)));
    private static final Color[] SPARE = {new Color(23, 190, 207), new Color(188, 189, 34),
            new Color(227, 119, 194)};
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS,
            SeriesMarkers.TRAPEZOID, SeriesMarkers.OVAL, SeriesMarkers.RECTANGLE};

    /** How one encoder is drawn. */
    record Style(Color colour, Marker marker, boolean dashed) {
    }

    private final Map<String, Style> byEncoder = new LinkedHashMap<>();

    /** Styles for the encoders of the main table, keyed by encoder name. */
    EncoderStyles(List<StudyResults.MainRow> main) {
        Map<String, Marker> familyMarkers = new LinkedHashMap<>();
        Map<String, Color> spareColours = new LinkedHashMap<>();
        for (StudyResults.MainRow m : main) {
            if (byEncoder.containsKey(m.encoder())) {
                continue;
            }
            Marker marker = familyMarkers.computeIfAbsent(m.family(),
                    f -> MARKERS[familyMarkers.size() % MARKERS.length]);
            Color base = FAMILY_COLOURS.get(m.family());
            if (base == null) {
                base = spareColours.computeIfAbsent(m.family(), f -> SPARE[spareColours.size() % SPARE.length]);
            }
            Color colour = switch (m.variant()) {
                case StudyEncoder.ID -> shade(base, 0.6);
                case StudyEncoder.CONTROL -> tint(base, 0.5);
                case StudyEncoder.UNTRAINED -> tint(base, 0.75);
                default -> base;
            };
            byEncoder.put(m.encoder(), new Style(colour, marker, m.variant().equals(StudyEncoder.CONTROL)
                    || m.variant().equals(StudyEncoder.UNTRAINED)));
        }
    }

    Style of(String encoder) {
        Style s = byEncoder.get(encoder);
        return s != null ? s : new Style(Color.GRAY, SeriesMarkers.CIRCLE, false);
    }

    /** Gives a series its encoder's colour, marker and line. */
    void apply(XYSeries series, String encoder) {
        Style s = of(encoder);
        series.setMarker(s.marker());
        series.setMarkerColor(s.colour());
        series.setLineColor(s.colour());
        series.setLineStyle(s.dashed() ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
    }

    private static Color shade(Color c, double f) {
        return new Color((int) (c.getRed() * f), (int) (c.getGreen() * f), (int) (c.getBlue() * f));
    }

    private static Color tint(Color c, double f) {
        return new Color(c.getRed() + (int) ((255 - c.getRed()) * f), c.getGreen() + (int) ((255 - c.getGreen()) * f),
                c.getBlue() + (int) ((255 - c.getBlue()) * f));
    }
}
