package dev.worldlens.policy.train;

import dev.worldlens.core.Progress;

import java.util.Locale;

/** The trainer's progress as bars: caching features, then training. */
public final class TrainerBars implements PolicyTrainer.Progress, AutoCloseable {
    private final Progress progress;
    private Progress.Bar cache;
    private Progress.Bar train;

    public TrainerBars(Progress progress) {
        this.progress = progress;
    }

    @Override
    public void caching(long done, long total) {
        if (cache == null) {
            cache = progress.start("features", total, 0);
        }
        cache.step(done - cache.current());
    }

    @Override
    public void training(int done, int total, double loss) {
        if (train == null) {
            if (cache != null) {
                cache.close();
            }
            train = progress.start("policy", total, done - 1);
        }
        train.step(1);
        train.message(String.format(Locale.ROOT, "loss %.4g", loss));
    }

    @Override
    public void validated(int step, double mse, boolean best) {
        if (train != null) {
            train.message(String.format(Locale.ROOT, "val MSE %.4f%s", mse, best ? " (best)" : ""));
        }
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        }
        if (train != null) {
            train.close();
        }
    }
}
