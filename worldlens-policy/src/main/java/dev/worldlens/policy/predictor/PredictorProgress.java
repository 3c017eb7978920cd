package dev.worldlens.policy.predictor;

import dev.worldlens.core.Progress;

import java.util.Locale;

/** Stage 1's progress as bars, one per stage (loading frames and clips, training the autoencoder and predictor). */
public final class PredictorProgress implements PredictorJob.Listener, AutoCloseable {
    private final Progress progress;
    private Progress.Bar bar;
    private String stage = "";

    public PredictorProgress(Progress progress) {
        this.progress = progress;
    }

    @Override
    public void loading(String what, long done, long total) {
        show("load " + what, total, done, Double.NaN);
    }

    @Override
    public void training(String name, int done, int total, double loss) {
        show("train " + name, total, done, loss);
    }

    private void show(String name, long total, long done, double loss) {
        if (bar == null || !stage.equals(name)) {
            close();
            bar = progress.start(name, total, Math.max(0, done - 1));
            stage = name;
        }
        bar.step(done - bar.current());
        if (!Double.isNaN(loss)) {
            bar.message(String.format(Locale.ROOT, "loss %.4g", loss));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
