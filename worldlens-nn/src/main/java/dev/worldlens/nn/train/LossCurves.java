package dev.worldlens.nn.train;

import dev.worldlens.core.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.nio.file.Path;
import java.util.Map;

/**
 * Renders a run's {@link LossLog} as a PNG: the total loss and each named term against the step, on a log scale when
 * every value is positive (losses of masked and diffusion objectives fall over orders of magnitude).
 */
public final class LossCurves {
    public static final String FILE = "loss-curves.png";

    private LossCurves() {
    }

    /** Writes {@code loss-curves.png} next to the log in {@code runDir}; returns its path. */
    public static Path write(Path runDir, String title) {
        Map<String, double[]> log = LossLog.read(runDir.resolve(LossLog.FILE));
        double[] steps = log.get("step");
        if (steps == null || steps.length == 0) {
            throw new IllegalStateException("no loss rows in " + runDir.resolve(LossLog.FILE));
        }
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle("step")
                .yAxisTitle("loss").build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        boolean positive = true;
        for (Map.Entry<String, double[]> e : log.entrySet()) {
            if (e.getKey().equals("step") || e.getKey().equals("lr")) {
                continue;
            }
            for (double v : e.getValue()) {
                positive &= !(v <= 0);
            }
        }
        chart.getStyler().setYAxisLogarithmic(positive);
        for (Map.Entry<String, double[]> e : log.entrySet()) {
            if (e.getKey().equals("step") || e.getKey().equals("lr")) {
                continue;
            }
            chart.addSeries(e.getKey(), steps, e.getValue()).setMarker(SeriesMarkers.NONE);
        }
        Path out = runDir.resolve(FILE);
        // the stream form: given a file name, XChart would append its own ".png" to the temporary name
        AtomicFiles.writeStream(out, stream -> BitmapEncoder.saveBitmap(chart, stream, BitmapEncoder.BitmapFormat.PNG));
        return out;
    }
}
